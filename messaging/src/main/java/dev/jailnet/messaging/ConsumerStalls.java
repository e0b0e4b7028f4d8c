package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.problem.Failure;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * The partitions whose consumer cannot apply the record it is at, and why: a line in the log and a count when
 * a stall begins, a line when it ends, a gauge while it lasts, and readiness DOWN while any is an outage.
 */
@ApplicationScoped
public class ConsumerStalls {

    private static final Logger LOG = Logger.getLogger(ConsumerStalls.class);

    /** One stalled partition: where, since when, how often tried, and the last failure. */
    public record Stall(String consumer, String topic, int partition, long offset, String type, UUID messageId,
                        Failure failure, String reason, Instant since, int attempts) {

        Stall again(Failure latest, String why) {
            return new Stall(consumer, topic, partition, offset, type, messageId, latest, why, since, attempts + 1);
        }
    }

    private final Map<String, Stall> current = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public ConsumerStalls(MeterRegistry meters) {
        this.meters = meters;
        meters.gaugeMapSize("jailnet.consumer.stalled", List.of(), current);
    }

    /** A failed attempt at the record a partition is at: a new stall, or one more attempt of the same. */
    Stall failed(String consumer, TopicPartition partition, ConsumerRecord<String, byte[]> record, Envelope envelope,
                 Failure failure, Throwable cause) {
        String why = reason(cause);
        return current.compute(key(consumer, partition), (key, earlier) -> {
            if (earlier != null && earlier.offset() == record.offset()) {
                LOG.debugf("consumer %s still stalled at %s@%d (attempt %d): %s", consumer, partition,
                        record.offset(), earlier.attempts() + 1, why);
                return earlier.again(failure, why);
            }
            if (earlier != null) {
                ended(earlier);
            }
            meters.counter("jailnet.consumer.stalls", "consumer", consumer, "failure", failure.name()).increment();
            LOG.warnf("consumer %s stalled at %s@%d (%s %s), %s: %s; retrying until it applies", consumer, partition,
                    record.offset(), envelope == null ? "undecoded" : envelope.type(),
                    envelope == null ? "" : envelope.id(), describe(failure), why);
            return new Stall(consumer, record.topic(), record.partition(), record.offset(),
                    envelope == null ? null : envelope.type(), envelope == null ? null : envelope.id(), failure, why,
                    Instant.now(), 1);
        });
    }

    /** The partition moved on (the record applied, was answered, or the partition went to another member). */
    void resumed(String consumer, TopicPartition partition) {
        Stall stall = current.remove(key(consumer, partition));
        if (stall != null) {
            ended(stall);
        }
    }

    /** Every stall now, oldest first. */
    public List<Stall> current() {
        return current.values().stream().sorted(Comparator.comparing(Stall::since)).toList();
    }

    /** True while some consumer cannot reach what it needs (the database): the service is not ready. */
    public boolean outage() {
        return current.values().stream().anyMatch(s -> s.failure() == Failure.UNAVAILABLE);
    }

    private static void ended(Stall stall) {
        LOG.infof("consumer %s resumed at %s-%d@%d after %d attempts in %d ms", stall.consumer(), stall.topic(),
                stall.partition(), stall.offset(), stall.attempts(),
                Duration.between(stall.since(), Instant.now()).toMillis());
    }

    private static String key(String consumer, TopicPartition partition) {
        return consumer + "/" + partition;
    }

    private static String describe(Failure failure) {
        return switch (failure) {
            case UNAVAILABLE -> "a dependency is unreachable";
            case CONFLICT -> "a conflicting transaction";
            case OTHER -> "an unexpected failure";
        };
    }

    private static String reason(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return root == cause ? message : cause.getClass().getSimpleName() + ": " + message;
    }
}

package dev.jailnet.testsupport;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.MalformedMessageException;
import dev.jailnet.events.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches topics from the moment it is made: every message published afterwards is kept, in order, so a
 * test can wait for what it expects without joining a consumer group (no rebalance delays).
 */
public final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Envelope> seen = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicWatcher(String bootstrap, String... topics) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        thread = new Thread(this::poll, "topic-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(50)).forEach(record -> {
                    try {
                        seen.add(EventCodec.decode(record.value()));
                    } catch (MalformedMessageException e) {
                        // not a message of ours; a test that wants it reads the topic itself
                    }
                });
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** The first message of {@code type} that {@code match} accepts, waiting up to {@code timeout}. */
    public <T extends Message> Optional<Envelope> await(Class<T> type, Predicate<T> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            Optional<Envelope> found = find(type, match);
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        } while (System.nanoTime() < deadline);
        return Optional.empty();
    }

    /** Like {@link #await} but fails with a message naming what was awaited. */
    public <T extends Message> Envelope expect(Class<T> type, Predicate<T> match, Duration timeout) {
        return await(type, match, timeout).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " as expected within " + timeout + "; seen: " + types()));
    }

    public <T extends Message> Optional<Envelope> find(Class<T> type, Predicate<T> match) {
        return seen.stream().filter(e -> type.isInstance(e.payload()) && match.test(type.cast(e.payload())))
                .findFirst();
    }

    public <T extends Message> List<T> all(Class<T> type, Predicate<T> match) {
        return seen.stream().map(Envelope::payload).filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    public List<Envelope> seen() {
        return List.copyOf(seen);
    }

    private List<String> types() {
        return seen.stream().map(e -> e.type() + "(" + e.key() + ")").toList();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

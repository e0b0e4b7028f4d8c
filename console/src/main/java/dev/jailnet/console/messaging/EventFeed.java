package dev.jailnet.console.messaging;

import dev.jailnet.events.BusAccess;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * Every record the services publish, as a {@link ChangeNotice} for every page that listens. One plain consumer
 * in the console's own group reads the topics its principal may read ({@link BusAccess#CONSOLE}), from the
 * latest offset and committing none: a page fetches the state it shows when it connects, and needs to hear only
 * of what changes after that. The console writes nothing to the bus.
 */
@ApplicationScoped
public class EventFeed {

    private static final Logger LOG = Logger.getLogger(EventFeed.class);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int BACKLOG = 1_000;

    private final Map<String, Object> kafka;
    private final BroadcastProcessor<ChangeNotice> notices = BroadcastProcessor.create();
    /** Pages listening: with none, a record is read and dropped, not decoded. */
    private final AtomicInteger listeners = new AtomicInteger();
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;

    public EventFeed(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "console-event-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        thread.join(POLL.multipliedBy(5).toMillis());
        notices.onComplete();
    }

    /**
     * A listener's stream: {@code ConsoleConnected} at once (the page then fetches what it shows, and hears of
     * every change after), a notice per record, and a heartbeat every 15 s, which lets the page see a dead
     * connection and the server a departed page. A listener that falls {@value #BACKLOG} notices behind is cut
     * off: it reconnects and fetches afresh, which costs less than catching up.
     * <p>
     * A record dropped while no page listened was committed before it was published, so the fetch that follows
     * {@code ConsoleConnected} shows what it changed.
     */
    public Multi<ChangeNotice> listen() {
        // merged in this order, the records are followed before ConsoleConnected tells the page to fetch
        return Multi.createBy().merging().streams(
                notices.onOverflow().buffer(BACKLOG)
                        .onSubscription().invoke(listeners::incrementAndGet)
                        .onTermination().invoke(listeners::decrementAndGet),
                Multi.createFrom().item(ChangeNotice::connected),
                Multi.createFrom().ticks().every(HEARTBEAT).map(tick -> ChangeNotice.heartbeat()));
    }

    /** How many pages listen. */
    public int listeners() {
        return listeners.get();
    }

    /** Whether the feed has its partitions: from then on no record published is missed. */
    public boolean live() {
        return assigned;
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (WakeupException e) {
                // stop() woke the poll up
            } catch (KafkaException e) {
                // an unreachable broker is retried by the client itself; this is a refusal (a login, an ACL)
                LOG.warnf("the event feed stopped: %s; starting again in %d s", e.getMessage(), RETRY.toSeconds());
                assigned = false;
                pause();
            }
        }
    }

    private void consume() {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, BusAccess.CONSOLE_GROUP);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "jailnet-console");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(properties, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = reader;
            reader.subscribe(List.copyOf(BusAccess.CONSOLE.reads()), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned = false;
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned = true;
                }
            });
            while (running) {
                for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                    if (listeners.get() > 0) {
                        notices.onNext(ChangeNotice.of(record));
                    }
                }
            }
        } finally {
            consumer = null;
            assigned = false;
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>
 * While no page listens the consumer's partitions are paused: it fetches nothing (reading every record of the bus
 * to drop it was the console's whole cost, and the broker's for it), and keeps its membership by polling. When a
 * page comes the feed follows again from the end of each partition, and only then tells the page
 * {@code ConsoleConnected}.
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
    /** Pages listening: with none, the partitions are paused. */
    private final AtomicInteger listeners = new AtomicInteger();
    /** Guards {@link #following} and {@link #followed} between the feed's thread and the pages that come. */
    private final Object follow = new Object();
    /** Whether the partitions are read: from their end when the feed last began following. */
    private boolean following;
    /** Completed, and replaced, each time the feed begins following. */
    private CompletableFuture<Void> followed = new CompletableFuture<>();
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
     * A listener's stream: {@code ConsoleConnected} once the feed follows the partitions from a position taken
     * after the listener came (the page then fetches what it shows, and hears of every change after), a notice per
     * record, and a heartbeat every 15 s, which lets the page see a dead connection and the server a departed
     * page. A listener that falls {@value #BACKLOG} notices behind is cut off: it reconnects and fetches afresh,
     * which costs less than catching up.
     * <p>
     * A record published before the feed took its positions was committed before it was published, so the fetch
     * that follows {@code ConsoleConnected} shows what it changed.
     */
    public Multi<ChangeNotice> listen() {
        AtomicBoolean told = new AtomicBoolean();
        // merged in this order, the listener is counted before the feed is asked to follow
        return Multi.createBy().merging().streams(
                notices.onOverflow().buffer(BACKLOG)
                        .onSubscription().invoke(listeners::incrementAndGet)
                        .onTermination().invoke(listeners::decrementAndGet),
                // a stage completed with null would be an empty stream: the notice is the item
                Multi.createFrom().completionStage(() -> followed().thenApply(followed -> ChangeNotice.connected())),
                Multi.createFrom().ticks().every(HEARTBEAT).map(tick -> ChangeNotice.heartbeat()))
                // the feed can follow, and read a record, between the listener's count and its ConsoleConnected: such
                // a record was committed before the page is told, so the fetch that follows shows it; it is dropped,
                // and ConsoleConnected stays the first notice of every stream
                .filter(notice -> {
                    if (ChangeNotice.CONNECTED.equals(notice.type())) {
                        told.set(true);
                    }
                    return told.get() || ChangeNotice.HEARTBEAT.equals(notice.type());
                });
    }

    /** Completes once the feed follows the partitions from a position taken after this call. */
    private CompletableFuture<Void> followed() {
        synchronized (follow) {
            if (following) {
                return CompletableFuture.completedFuture(null);
            }
            KafkaConsumer<String, byte[]> current = consumer;
            if (current != null) {
                current.wakeup();
            }
            return followed;
        }
    }

    /** How many pages listen. */
    public int listeners() {
        return listeners.get();
    }

    /** Whether the feed has its partitions: from then on no record published is missed. */
    public boolean live() {
        return assigned;
    }

    /** Whether the feed reads its partitions (a page listens) rather than holding them paused. */
    public boolean following() {
        synchronized (follow) {
            return following;
        }
    }

    private void run() {
        while (running) {
            try {
                consume();
            } catch (KafkaException e) {
                // an unreachable broker is retried by the client itself; this is a refusal (a login, an ACL)
                LOG.warnf("the event feed stopped: %s; starting again in %d s", e.getMessage(), RETRY.toSeconds());
                assigned = false;
                waitBeforeRetry();
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
                    synchronized (follow) {
                        if (!following) {
                            reader.pause(partitions);
                        }
                    }
                    assigned = true;
                }
            });
            while (running) {
                try {
                    followOrPause(reader);
                    for (ConsumerRecord<String, byte[]> record : reader.poll(POLL)) {
                        notices.onNext(ChangeNotice.of(record));
                    }
                } catch (WakeupException e) {
                    // a page came while the partitions were paused, or stop() was called
                }
            }
        } finally {
            consumer = null;
            assigned = false;
            synchronized (follow) {
                following = false;
            }
        }
    }

    /**
     * Pauses the partitions when the last page has gone; follows them from their end when a page has come, and
     * tells the pages waiting. Only this thread changes {@link #following}, and it reads the count of pages under
     * the lock a coming page takes to ask, so that page is counted here or asks after the pause. The positions are
     * taken outside the lock: that is a round trip to the broker, and a page asks from an event loop.
     */
    private void followOrPause(KafkaConsumer<String, byte[]> reader) {
        Set<TopicPartition> partitions = reader.assignment();
        synchronized (follow) {
            boolean wanted = listeners.get() > 0;
            if (wanted == following) {
                return;
            }
            if (!wanted) {
                reader.pause(partitions);
                following = false;
                return;
            }
        }
        reader.seekToEnd(partitions);
        // taken now, not at the next fetch: a record published after this is followed
        partitions.forEach(reader::position);
        reader.resume(partitions);
        synchronized (follow) {
            following = true;
            followed.complete(null);
            followed = new CompletableFuture<>();
        }
    }

    private void waitBeforeRetry() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

package dev.jailnet.localstack;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.MalformedMessageException;
import dev.jailnet.events.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Watches topics from the moment it is made: every message published afterwards is kept, in order, so a
 * test can wait for what it expects without joining a consumer group (no rebalance delays). Waiters are
 * woken by each arrival and look only at what arrived since they last looked, so a long-lived watcher (the
 * benchmark's) costs nothing while it waits.
 */
public final class TopicWatcher implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Envelope> seen = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrived = lock.newCondition();
    private final Thread thread;
    private volatile boolean running = true;

    public TopicWatcher(String bootstrap, String... topics) {
        consumer = new KafkaConsumer<>(KafkaLogins.clientProperties(bootstrap,
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new StringDeserializer(),
                new ByteArrayDeserializer());
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
                List<Envelope> batch = new ArrayList<>();
                consumer.poll(Duration.ofMillis(500)).forEach(record -> {
                    try {
                        batch.add(EventCodec.decode(record.value()));
                    } catch (MalformedMessageException e) {
                        // not a message of ours; a test that wants it reads the topic itself
                    }
                });
                if (!batch.isEmpty()) {
                    lock.lock();
                    try {
                        seen.addAll(batch);
                        arrived.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    /** Where the watcher is now: {@link #await(Class, Predicate, Duration, int)} from here skips what came before. */
    public int mark() {
        lock.lock();
        try {
            return seen.size();
        } finally {
            lock.unlock();
        }
    }

    /** The first message of {@code type} that {@code match} accepts, waiting up to {@code timeout}. */
    public <T extends Message> Optional<Envelope> await(Class<T> type, Predicate<T> match, Duration timeout) {
        return await(type, match, timeout, 0);
    }

    /** Like {@link #await(Class, Predicate, Duration)}, among the messages that arrived after {@code mark}. */
    public <T extends Message> Optional<Envelope> await(Class<T> type, Predicate<T> match, Duration timeout, int mark) {
        long left = timeout.toNanos();
        int next = mark;
        lock.lock();
        try {
            while (true) {
                for (; next < seen.size(); next++) {
                    Envelope envelope = seen.get(next);
                    if (matches(envelope, type, match)) {
                        return Optional.of(envelope);
                    }
                }
                if (left <= 0) {
                    return Optional.empty();
                }
                left = arrived.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #await} but fails with a message naming what was awaited. */
    public <T extends Message> Envelope expect(Class<T> type, Predicate<T> match, Duration timeout) {
        return await(type, match, timeout).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " as expected within " + timeout + "; seen: " + types()));
    }

    public <T extends Message> Optional<Envelope> find(Class<T> type, Predicate<T> match) {
        return seen().stream().filter(e -> matches(e, type, match)).findFirst();
    }

    public <T extends Message> List<T> all(Class<T> type, Predicate<T> match) {
        return seen().stream().map(Envelope::payload).filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    public List<Envelope> seen() {
        lock.lock();
        try {
            return List.copyOf(seen);
        } finally {
            lock.unlock();
        }
    }

    private static <T extends Message> boolean matches(Envelope envelope, Class<T> type, Predicate<T> match) {
        return type.isInstance(envelope.payload()) && match.test(type.cast(envelope.payload()));
    }

    private List<String> types() {
        return seen().stream().map(e -> e.type() + "(" + e.key() + ")").toList();
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

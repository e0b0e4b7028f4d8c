package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.MalformedMessageException;
import dev.jailnet.problem.Failure;
import dev.jailnet.problem.TransactionTimedOut;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One handler's consumer: poll, apply each record with its inbox entry, commit the offsets of what was
 * applied (at once when the records stop coming, at most every {@code commitInterval} while they keep coming:
 * an offset commit is a write on the broker, and the inbox already makes a replay harmless). The records of a
 * poll are applied in one transaction (group commit), their inbox entries made by one statement that first
 * takes the write locks of all their VNETs in the one order every locker shares; if one of them fails, none is,
 * and they are applied partition by partition, a run of one key's records together, the one that failed met as
 * below (its failure in the poll's transaction is its attempt: it is not tried twice for one). A poll whose oldest
 * record arrived late waits {@code linger} for the records behind it and takes them into its transaction: when
 * records are late the machine is behind, and fewer transactions is what lets it catch up.
 * <p>
 * Only poison goes to the dead-letter topic: a record that cannot be decoded, or that the handler declares
 * impossible ({@link PoisonMessageException}). Anything else is not the record's fault and nothing is lost:
 * the partition stalls at that record (paused, its records from that one held, its offset not committed) and
 * it is tried again from memory, with a backoff that doubles up to a cap, for as long as it takes. An outage of
 * the database makes readiness DOWN while it lasts. A failure that is not an outage (a bug, a state nobody
 * foresaw) is offered to the handler after {@code maxAttempts}: a saga participant answers it with a refusal, so
 * the orchestrator knows and the partition moves on. Each stall is logged and counted when it begins and ends.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final MessageHandler handler;
    /** How long a transaction may last before the transaction manager's reaper rolls it back. */
    private final Duration transactionTimeout;
    private final String group;
    /** Which of the handler's loops in this service this is, from 1: its thread's name says it after the first. */
    private final int member;
    private final KafkaClients clients;
    private final Inbox inbox;
    private final PersistenceContexts contexts;
    private final DeadLetters deadLetters;
    private final MessagingConfig.Consumer config;
    private final Timer handling;
    private final Timer lateness;
    private final Counter lingered;
    private final ConsumerStalls stalls;
    private final MessageTracing tracing;

    /** The partitions stalled at a record, for this consumer (the stalls themselves are in {@link ConsumerStalls}). */
    private final Set<TopicPartition> stalled = ConcurrentHashMap.newKeySet();
    /** Per partition: the offset after the last record applied, not yet committed. */
    private final Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
    /** When the offsets applied since the last commit must be committed while records keep coming. */
    private long commitDue;
    /** A record went to the dead-letter topic since the last commit: commit now, not to send it twice. */
    private boolean deadLettered;
    /** The record on which the poll's transaction failed, with why, until the partition's run meets it. */
    private FailedTogether failedTogether;
    /**
     * Per stalled partition, paused: its records from the one that could not be applied yet, tried again from here
     * after the backoff. Seeking back would wait for the consumer's pending fetch, up to {@code fetch.max.wait.ms}.
     */
    private final Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> held = new LinkedHashMap<>();

    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    ConsumerLoop(MessageHandler handler, String group, int member, KafkaClients clients, Inbox inbox,
                 PersistenceContexts contexts, DeadLetters deadLetters,
                 MessagingConfig.Consumer config, MeterRegistry meters, ConsumerStalls stalls,
                 MessageTracing tracing, Duration transactionTimeout) {
        this.handler = handler;
        this.transactionTimeout = transactionTimeout;
        this.group = group;
        this.member = member;
        this.clients = clients;
        this.inbox = inbox;
        this.contexts = contexts;
        this.deadLetters = deadLetters;
        this.config = config;
        this.stalls = stalls;
        this.tracing = tracing;
        this.commitDue = System.nanoTime();
        this.handling = Timer.builder("jailnet.consumer.handle")
                .description("Time to apply one message, or several together (a poll's, a run of one key's)")
                .tag("consumer", group).publishPercentiles(0.5, 0.99).register(meters);
        this.lateness = Timer.builder("jailnet.consumer.lateness")
                .description("Age of a poll's oldest record when the poll brings it, from its producer's timestamp")
                .tag("consumer", group).publishPercentiles(0.5, 0.99).register(meters);
        this.lingered = Counter.builder("jailnet.consumer.lingered")
                .description("Polls whose records arrived late and waited for the records behind them")
                .tag("consumer", group).register(meters);
    }

    void start() {
        thread = new Thread(this, "consumer-" + handler.name() + (member == 1 ? "" : "-" + member));
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        forgetPartitions(stalled);
    }

    boolean isAlive() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    @Override
    public void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = clients.consumer(group)) {
                consumer = c;
                c.subscribe(handler.topics(), new Rebalance(c));
                try {
                    pollUntilStopped(c);
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warnf("consumer %s woken up unexpectedly; restarting", group);
                    }
                }
                if (!running) {
                    commit(c, true);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "consumer %s failed; restarting from the last committed offset", group);
                forgetPartitions(stalled);
                applied.clear();
                held.clear();
                pause(config.maxBackoff());
            } finally {
                consumer = null;
            }
        }
    }

    private void pollUntilStopped(KafkaConsumer<String, byte[]> c) {
        while (running) {
            // a stalled partition's records are due again now (the backoff was waited): the poll does not wait
            ConsumerRecords<String, byte[]> polled = c.poll(held.isEmpty() ? config.pollTimeout() : Duration.ZERO);
            Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = heldThen(polled);
            if (!polled.isEmpty() && waitsForMore(polled.count(), recordLateness(polled))) {
                lingered.increment();
                pause(config.linger());
                add(records, c.poll(Duration.ZERO));
                // a rebalance in that poll may have given some of the first poll's partitions to another member
                records.keySet().retainAll(c.assignment());
            }
            Duration wait = applyTogether(records) ? Duration.ZERO : applyApart(records);
            pauseHeld(c, records.keySet());
            failedTogether = null;
            if (records.isEmpty() || deadLettered || System.nanoTime() - commitDue >= 0) {
                commit(c, false);
            }
            if (!wait.isZero()) {
                pause(wait);
            }
        }
    }

    /**
     * The held records of the stalled partitions, then what the poll brought (nothing of those: they are paused).
     * The held partitions are taken out of {@link #held}: one that stalls again goes back in.
     */
    private Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> heldThen(ConsumerRecords<String, byte[]> polled) {
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>(held);
        held.clear();
        add(records, polled);
        return records;
    }

    private static void add(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records,
                            ConsumerRecords<String, byte[]> polled) {
        for (TopicPartition partition : polled.partitions()) {
            records.merge(partition, polled.records(partition), (before, after) -> {
                List<ConsumerRecord<String, byte[]>> both = new ArrayList<>(before);
                both.addAll(after);
                return both;
            });
        }
    }

    /**
     * How old the poll's oldest record is, by its producer's timestamp, in milliseconds; recorded in
     * {@code jailnet.consumer.lateness}.
     */
    private long recordLateness(ConsumerRecords<String, byte[]> polled) {
        long oldest = Long.MAX_VALUE;
        for (ConsumerRecord<String, byte[]> record : polled) {
            oldest = Math.min(oldest, record.timestamp());
        }
        long age = Math.max(System.currentTimeMillis() - oldest, 0);
        lateness.record(age, TimeUnit.MILLISECONDS);
        return age;
    }

    /** Whether a poll of {@code count} records, the oldest {@code ageMillis} old, waits for the records behind. */
    private boolean waitsForMore(int count, long ageMillis) {
        return !config.linger().isZero() && count < config.groupCommit() && ageMillis >= config.lateAfter().toMillis();
    }

    /**
     * Applies the records partition by partition, runs of one key together; a partition whose record cannot be
     * applied yet stays at it: paused, its records from that one held, tried again after the backoff. How long to
     * wait before the next try: zero unless one stalled.
     */
    private Duration applyApart(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records) {
        Duration wait = Duration.ZERO;
        for (Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> entry : records.entrySet()) {
            TopicPartition partition = entry.getKey();
            List<ConsumerRecord<String, byte[]>> list = entry.getValue();
            int next = 0;
            while (next < list.size()) {
                Outcome outcome = apply(list.subList(next, endOfRun(list, next)), partition);
                if (outcome.done() > 0) {
                    applied.put(partition, new OffsetAndMetadata(list.get(next + outcome.done() - 1).offset() + 1));
                }
                next += outcome.done();
                if (outcome.stall().isPresent()) {
                    // the partition stays at this record: nothing after it is applied before it is
                    held.put(partition, List.copyOf(list.subList(next, list.size())));
                    Duration stall = outcome.stall().get();
                    wait = wait.isZero() || stall.compareTo(wait) < 0 ? stall : wait;
                    break;
                }
            }
        }
        return wait;
    }

    /** Of the partitions just tried, those held are paused (no more of their records is fetched), the rest resumed. */
    private void pauseHeld(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        Set<TopicPartition> paused = c.paused();
        List<TopicPartition> resume = partitions.stream().filter(p -> paused.contains(p) && !held.containsKey(p))
                .toList();
        List<TopicPartition> pause = held.keySet().stream().filter(p -> !paused.contains(p)).toList();
        if (!resume.isEmpty()) {
            c.resume(resume);
        }
        if (!pause.isEmpty()) {
            c.pause(pause);
        }
    }

    /** A decoded record, with what the span of its handling needs of the record. */
    record Delivery(Envelope envelope, String topic, String traceParent) {

        static Delivery of(ConsumerRecord<String, byte[]> record) {
            return new Delivery(EventCodec.decode(record.value()), record.topic(), MessageTracing.of(record));
        }
    }

    /** The record on which a poll's transaction failed: at {@code offset} of {@code partition}. */
    private record FailedTogether(TopicPartition partition, long offset, RuntimeException cause) {
    }

    /**
     * Applies every record of the poll in one transaction, each with its inbox entry, after taking the write
     * locks of all their VNETs at once. True when they are applied (their offsets are then recorded); false when
     * the poll is one record, more than {@code groupCommit}, holds one that cannot be decoded, or one fails
     * (remembered in {@link #failedTogether}): then nothing of it is applied.
     */
    private boolean applyTogether(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records) {
        int count = records.values().stream().mapToInt(List::size).sum();
        if (count < 2 || count > config.groupCommit()) {
            return false;
        }
        List<ConsumerRecord<String, byte[]>> all = new ArrayList<>(count);
        List<Delivery> deliveries = new ArrayList<>(count);
        for (List<ConsumerRecord<String, byte[]>> partition : records.values()) {
            for (ConsumerRecord<String, byte[]> record : partition) {
                try {
                    deliveries.add(Delivery.of(record));
                } catch (MalformedMessageException e) {
                    return false;
                }
                all.add(record);
            }
        }
        int[] current = {-1};
        try {
            applyInOneTransaction(deliveries, current);
        } catch (RuntimeException e) {
            if (current[0] >= 0) {
                ConsumerRecord<String, byte[]> failed = all.get(current[0]);
                failedTogether = new FailedTogether(new TopicPartition(failed.topic(), failed.partition()),
                        failed.offset(), e);
            }
            LOG.debugf("consumer %s: a poll of %d records failed together, applied apart: %s", group, count,
                    e.getMessage());
            return false;
        }
        for (Map.Entry<TopicPartition, List<ConsumerRecord<String, byte[]>>> partition : records.entrySet()) {
            List<ConsumerRecord<String, byte[]>> list = partition.getValue();
            applied.put(partition.getKey(), new OffsetAndMetadata(list.get(list.size() - 1).offset() + 1));
            resumed(partition.getKey());
        }
        return true;
    }

    /** Where in {@code run} the record that failed the poll's transaction is; -1 when it is not there. */
    private int failedTogetherIn(List<ConsumerRecord<String, byte[]>> run, TopicPartition partition) {
        if (failedTogether == null || !failedTogether.partition().equals(partition)) {
            return -1;
        }
        for (int i = 0; i < run.size(); i++) {
            if (run.get(i).offset() == failedTogether.offset()) {
                return i;
            }
        }
        return -1;
    }

    /** Where the run of records with the key of {@code list[from]} ends, at most {@code groupCommit} long. */
    private int endOfRun(List<ConsumerRecord<String, byte[]>> list, int from) {
        String key = list.get(from).key();
        int end = from + 1;
        while (end < list.size() && end - from < config.groupCommit() && Objects.equals(key, list.get(end).key())) {
            end++;
        }
        return end;
    }

    /**
     * How many records of a run are done (applied, answered or dead-lettered), and, when the record after them
     * cannot be applied yet, how long to wait before it is tried again.
     */
    private record Outcome(int done, Optional<Duration> stall) {

        static Outcome of(int before, Optional<Duration> stall) {
            return new Outcome(stall.isPresent() ? before : before + 1, stall);
        }
    }

    /**
     * Applies a run of records of one key in one transaction, each with its inbox entry (a run of one: alone).
     * When one of them fails, the records before it are applied again without it, and its failure is met as
     * it would be alone: an attempt at that record, counted towards its stall.
     */
    private Outcome apply(List<ConsumerRecord<String, byte[]>> run, TopicPartition partition) {
        List<Delivery> deliveries = new ArrayList<>(run.size());
        for (int i = 0; i < run.size(); i++) {
            try {
                deliveries.add(Delivery.of(run.get(i)));
            } catch (MalformedMessageException e) {
                if (i > 0) {
                    return apply(run.subList(0, i), partition);
                }
                return Outcome.of(0, deadLetter(run.get(0), partition, e));
            }
        }
        int known = failedTogetherIn(run, partition);
        if (known >= 0) {
            // its attempt was in the poll's transaction: met as it failed there, not tried again now
            if (known > 0) {
                Outcome before = apply(run.subList(0, known), partition);
                if (before.done() < known) {
                    return before;
                }
            }
            RuntimeException cause = failedTogether.cause();
            failedTogether = null;
            return Outcome.of(known, failed(run.get(known), partition, deliveries.get(known), cause));
        }
        int[] current = {-1};
        try {
            applyInOneTransaction(deliveries, current);
            resumed(partition);
            return new Outcome(run.size(), Optional.empty());
        } catch (RuntimeException e) {
            int failed = current[0];
            if (failed == -1 && run.size() > 1) {
                // the commit failed: no record is to blame, the first is tried alone
                return apply(run.subList(0, 1), partition);
            }
            int at = Math.max(failed, 0);
            if (at > 0) {
                Outcome before = apply(run.subList(0, at), partition);
                if (before.done() < at) {
                    return before;
                }
            }
            LOG.debugf("consumer %s: record %d of a run of %d failed: %s", group, at + 1, run.size(), e.getMessage());
            return Outcome.of(at, failed(run.get(at), partition, deliveries.get(at), e));
        }
    }

    /**
     * Claims and applies, in one transaction, the envelopes the handler acts on, each with its inbox entry;
     * {@code current[0]} is the one being applied, -1 while they are claimed and once all are applied. The claim
     * is one statement for all of them, which takes the write locks of all their VNETs first, in the shared order.
     */
    private void applyInOneTransaction(List<Delivery> deliveries, int[] current) {
        List<Envelope> concerned = deliveries.stream().map(Delivery::envelope).filter(handler::concerns).toList();
        if (concerned.isEmpty()) {
            return;
        }
        long began = System.nanoTime();
        handling.record(() -> QuarkusTransaction.requiringNew().run(() -> {
            try {
                Set<UUID> first = new HashSet<>(inbox.claimAll(group, concerned));
                for (int i = 0; i < deliveries.size(); i++) {
                    Delivery delivery = deliveries.get(i);
                    Envelope envelope = delivery.envelope();
                    // an id twice in the poll (a message the relay sent again) is applied at its first place only
                    if (first.remove(envelope.id())) {
                        current[0] = i;
                        tracing.handling(delivery, group, () -> {
                            handler.handle(envelope);
                            return null;
                        });
                        if (deliveries.size() > 1) {
                            contexts.flushAndDetach();
                        }
                    }
                }
                current[0] = -1;
            } catch (RuntimeException e) {
                // the reaper rolled the transaction back beneath the thread and closed its statements: what the
                // thread meets then is the timeout's doing, an outage, not a failure to answer
                throw System.nanoTime() - began >= transactionTimeout.toNanos() ? new TransactionTimedOut(e) : e;
            }
        }));
    }

    /** Empty when the failed record is answered, or is poison and dead-lettered; else how long to wait. */
    private Optional<Duration> failed(ConsumerRecord<String, byte[]> record, TopicPartition partition,
                                      Delivery delivery, RuntimeException e) {
        Envelope envelope = delivery.envelope();
        Throwable cause = poisonOrRoot(e);
        if (cause instanceof PoisonMessageException) {
            return deadLetter(record, partition, cause);
        }
        Failure failure = Failure.of(e);
        ConsumerStalls.Stall stall = stalled(partition, record, envelope, failure, cause);
        if (!failure.isTransient() && stall.attempts() >= config.maxAttempts() && answered(delivery, cause)) {
            LOG.warnf("consumer %s answered %s %s after %d failed attempts: %s", group, envelope.type(),
                    envelope.id(), stall.attempts(), cause.getMessage());
            resumed(partition);
            return Optional.empty();
        }
        return Optional.of(backoff(stall.attempts()));
    }

    /** The handler's answer to a message it keeps failing on, with the inbox entry; false if it has none. */
    private boolean answered(Delivery delivery, Throwable cause) {
        Envelope envelope = delivery.envelope();
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (!inbox.claim(group, envelope.id(), envelope.key())
                        || tracing.handling(delivery, group, () -> handler.answerFailure(envelope, cause))) {
                    return true;
                }
                // no answer: the inbox entry must not stay, or the next attempt would skip the message
                QuarkusTransaction.setRollbackOnly();
                return false;
            });
        } catch (RuntimeException e) {
            LOG.debugf("consumer %s could not answer %s: %s", group, envelope.id(), e.getMessage());
            return false;
        }
    }

    private Optional<Duration> deadLetter(ConsumerRecord<String, byte[]> record, TopicPartition partition,
                                          Throwable reason) {
        try {
            deadLetters.send(record, group, reason);
            deadLettered = true;
        } catch (RuntimeException e) {
            ConsumerStalls.Stall stall = stalled(partition, record, null, Failure.UNAVAILABLE, e);
            return Optional.of(backoff(stall.attempts()));
        }
        resumed(partition);
        return Optional.empty();
    }

    private ConsumerStalls.Stall stalled(TopicPartition partition, ConsumerRecord<String, byte[]> record,
                                         Envelope envelope, Failure failure, Throwable cause) {
        stalled.add(partition);
        return stalls.failed(group, partition, record, envelope, failure, cause);
    }

    private void resumed(TopicPartition partition) {
        if (stalled.remove(partition)) {
            stalls.resumed(group, partition);
        }
    }

    /** {@code retryBackoff} doubled with each further attempt, up to {@code maxBackoff}. */
    private Duration backoff(int attempts) {
        long millis = config.retryBackoff().toMillis() << Math.min(attempts - 1, 20);
        return Duration.ofMillis(Math.min(millis, config.maxBackoff().toMillis()));
    }

    private void commit(KafkaConsumer<String, byte[]> c, boolean sync) {
        if (applied.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(applied);
        applied.clear();
        deadLettered = false;
        commitDue = System.nanoTime() + config.commitInterval().toNanos();
        try {
            if (sync) {
                c.commitSync(offsets, Duration.ofSeconds(5));
            } else {
                // off the next record's path; a commit that fails only replays what the inbox then drops
                c.commitAsync(offsets, (committed, failure) -> {
                    if (failure != null) {
                        LOG.debugf("consumer %s could not commit %s: %s", group, committed, failure.getMessage());
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.debugf("consumer %s could not commit %s: %s", group, offsets, e.getMessage());
        }
    }

    private void forgetPartitions(Collection<TopicPartition> partitions) {
        for (TopicPartition partition : List.copyOf(partitions)) {
            resumed(partition);
        }
    }

    /** Commits what was applied before partitions go to another member, and forgets their stalls. */
    private final class Rebalance implements ConsumerRebalanceListener {

        private final KafkaConsumer<String, byte[]> c;

        Rebalance(KafkaConsumer<String, byte[]> c) {
            this.c = c;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(c, true);
            held.keySet().removeAll(partitions);
            forgetPartitions(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            applied.keySet().removeAll(partitions);
            held.keySet().removeAll(partitions);
            forgetPartitions(partitions);
        }
    }

    private static Throwable poisonOrRoot(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof PoisonMessageException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

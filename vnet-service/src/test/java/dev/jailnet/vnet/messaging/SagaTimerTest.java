package dev.jailnet.vnet.messaging;

import static org.awaitility.Awaitility.await;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The saga clock against transactions that commit deadlines while it looks: each transaction calls
 * {@code expect} before its commit, as the orchestrator does, and the clock must look at every deadline by the
 * time it is due, not only at its next tick. The tick here is an hour, so a deadline the clock misses is seen as a
 * round that never ends.
 */
class SagaTimerTest {

    private static final int WRITERS = 4;
    private static final int ROUNDS = 300;

    /** A deadline a committed transaction holds; {@code n} keeps equal instants apart. */
    private record Deadline(Instant at, long n) implements Comparable<Deadline> {

        @Override
        public int compareTo(Deadline other) {
            int byTime = at.compareTo(other.at);
            return byTime != 0 ? byTime : Long.compare(n, other.n);
        }
    }

    private final ConcurrentSkipListSet<Deadline> committed = new ConcurrentSkipListSet<>();
    private final AtomicLong handled = new AtomicLong();
    private final Transactions transactions = new Transactions();

    /** The orchestrator's part: handles what is due and answers the soonest deadline ahead. */
    private Optional<Instant> expireDeadlines() {
        Instant now = Instant.now();
        Deadline first;
        while ((first = committed.pollFirst()) != null) {
            if (first.at().isAfter(now)) {
                committed.add(first);
                return Optional.of(first.at());
            }
            handled.incrementAndGet();
        }
        return Optional.empty();
    }

    @Test
    void aDeadlineCommittedWhileTheClockLooksIsLookedAtWhenItIsDue() throws Exception {
        SagaTimer timer = new SagaTimer(this::expireDeadlines, Duration.ofHours(1), transactions);
        timer.start();
        AtomicLong numbers = new AtomicLong();
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            for (int round = 1; round <= ROUNDS; round++) {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < WRITERS; w++) {
                    done.add(writers.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        pause(random.nextInt(3));
                        Instant at = Instant.now().plusMillis(random.nextInt(5));
                        timer.expect(at);
                        // the rest of the transaction: the clock may look before the deadline is committed
                        pause(random.nextInt(3));
                        committed.add(new Deadline(at, numbers.incrementAndGet()));
                        transactions.commit();
                        return null;
                    }));
                }
                for (Future<?> writer : done) {
                    writer.get(1, TimeUnit.MINUTES);
                }
                // no later transaction wakes the clock: this round's deadlines are looked at on their own
                long expected = (long) round * WRITERS;
                await("round " + round + ": every deadline looked at before the tick")
                        .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(1))
                        .until(() -> handled.get() == expected);
            }
        } finally {
            writers.shutdownNow();
            timer.stop();
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One transaction per thread: its synchronizations run, as committed, when the thread commits. */
    private static final class Transactions implements TransactionSynchronizationRegistry {

        private final ThreadLocal<List<Synchronization>> registered = ThreadLocal.withInitial(ArrayList::new);

        void commit() {
            List<Synchronization> synchronizations = List.copyOf(registered.get());
            registered.get().clear();
            synchronizations.forEach(s -> s.afterCompletion(Status.STATUS_COMMITTED));
        }

        @Override
        public void registerInterposedSynchronization(Synchronization synchronization) {
            registered.get().add(synchronization);
        }

        @Override
        public int getTransactionStatus() {
            return Status.STATUS_ACTIVE;
        }

        @Override
        public Object getTransactionKey() {
            return Thread.currentThread();
        }

        @Override
        public void putResource(Object key, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Object getResource(Object key) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }
}

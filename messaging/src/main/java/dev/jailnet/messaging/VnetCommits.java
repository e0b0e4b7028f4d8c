package dev.jailnet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Read-your-writes within a service: a request that asked to wait for the effects of its write (RFC 7240
 * {@code Prefer: wait}, see {@link PreferWait}) reads its own state again each time a transaction of this replica
 * that wrote into the VNET it waits on commits, and at a growing interval besides, since another replica may
 * have applied the message that brings the effect. Every write into a VNET holds that VNET's lock
 * ({@link VnetLocks}, or the inbox's claim for a message), and that is where it is counted here.
 */
@ApplicationScoped
public class VnetCommits {

    private static final long FIRST_LOOK_MILLIS = 10;
    private static final long LAST_LOOK_MILLIS = 200;

    /** Per VNET that someone waits on: the number of commits seen, and the waiters' monitor. */
    private static final class Commits {
        private long count;
        private int waiters;

        synchronized long count() {
            return count;
        }

        synchronized void committed() {
            count++;
            notifyAll();
        }

        synchronized void awaitAfter(long seen, long millis) throws InterruptedException {
            long deadline = System.nanoTime() + millis * 1_000_000;
            for (long left = millis; count == seen && left > 0; left = (deadline - System.nanoTime()) / 1_000_000) {
                wait(left);
            }
        }
    }

    private final Map<String, Commits> watched = new ConcurrentHashMap<>();
    private final TransactionSynchronizationRegistry transactions;

    public VnetCommits(TransactionSynchronizationRegistry transactions) {
        this.transactions = transactions;
    }

    /** The current transaction writes into these VNETs: their waiters look again once it has committed. */
    void writing(Iterable<String> vnetIds) {
        if (watched.isEmpty()) {
            return;
        }
        @SuppressWarnings("unchecked")
        Set<String> written = (Set<String>) transactions.getResource(VnetCommits.class);
        if (written == null) {
            written = new HashSet<>();
            transactions.putResource(VnetCommits.class, written);
            Set<String> committed = written;
            AfterCommit.run(transactions, () -> committed.forEach(this::committed));
        }
        for (String vnetId : vnetIds) {
            if (vnetId != null) {
                written.add(vnetId);
            }
        }
    }

    private void committed(String vnetId) {
        Commits commits = watched.get(vnetId);
        if (commits != null) {
            commits.committed();
        }
    }

    /**
     * Reads {@code look} (each time in a transaction of its own) until it finds something or {@code timeout}
     * has passed: again after each commit into {@code vnetId} and at least every 200 ms. Empty on timeout.
     */
    public <T> Optional<T> await(String vnetId, Duration timeout, Supplier<Optional<T>> look) {
        Commits commits = watched.compute(vnetId, (id, known) -> {
            Commits c = known == null ? new Commits() : known;
            c.waiters++;
            return c;
        });
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            long interval = FIRST_LOOK_MILLIS;
            while (true) {
                long seen = commits.count();
                Optional<T> found = look.get();
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (found.isPresent() || left <= 0) {
                    return found;
                }
                commits.awaitAfter(seen, Math.min(left, interval));
                interval = Math.min(2 * interval, LAST_LOOK_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            watched.computeIfPresent(vnetId, (id, c) -> --c.waiters == 0 ? null : c);
        }
    }
}

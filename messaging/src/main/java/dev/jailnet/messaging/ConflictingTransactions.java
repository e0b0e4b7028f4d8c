package dev.jailnet.messaging;

import dev.jailnet.problem.Failure;
import java.util.function.Predicate;

/**
 * For {@code @RetryWhen} on REST resources: the request met another transaction on the same rows (a deadlock
 * between a request and a message handled at that moment, a stale version) and was rolled back whole, so it is
 * safe to run again. Such a request is served, not refused: only a conflict that outlasts the retries is 409.
 */
public final class ConflictingTransactions implements Predicate<Throwable> {

    @Override
    public boolean test(Throwable failure) {
        return Failure.of(failure) == Failure.CONFLICT;
    }
}

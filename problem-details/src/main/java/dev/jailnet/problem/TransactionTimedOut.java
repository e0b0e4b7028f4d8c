package dev.jailnet.problem;

/**
 * A failure inside a transaction that the transaction manager's reaper rolled back beneath the thread: it outlived its
 * timeout waiting on a database that did not answer (paused, or cut off without a refusal), and what the thread then
 * met (a statement the reaper closed, a cancelled query) is that timeout's consequence, not a failure of its own.
 */
public final class TransactionTimedOut extends RuntimeException {

    public TransactionTimedOut(RuntimeException consequence) {
        super("the transaction outlived its timeout: " + consequence.getMessage(), consequence);
    }
}

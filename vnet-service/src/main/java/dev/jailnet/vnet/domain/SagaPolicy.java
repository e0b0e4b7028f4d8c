package dev.jailnet.vnet.domain;

import java.time.Duration;

/**
 * Deadlines and retries of saga steps: the first attempt waits {@code stepTimeout}, each further one
 * {@code backoff} times longer up to {@code maxTimeout}; after {@code maxAttempts} a creation is undone
 * and a forward-only saga is STUCK, retried every {@code stuckRetry} until it completes.
 */
public record SagaPolicy(Duration stepTimeout, double backoff, Duration maxTimeout, int maxAttempts,
                         Duration stuckRetry) {

    public SagaPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** How long attempt {@code attempt} (1-based) may take before it is re-sent. */
    public Duration timeout(int attempt) {
        double millis = stepTimeout.toMillis() * Math.pow(backoff, attempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxTimeout.toMillis()));
    }
}

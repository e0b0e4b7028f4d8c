package dev.jailnet.routing.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * What a tunnel's route cache does when it revalidates: the nexthop it holds against the one a lookup
 * finds now.
 */
public enum RouteCacheDecision {
    /** Same nexthop: nothing moves. */
    KEEP,
    /** Nothing held, a route found: take a reference on it. */
    ACQUIRE,
    /** A better or changed route: release the old nexthop, hold the new. */
    MOVE,
    /** No route left: release the old nexthop; the tunnel is not RUNNING. */
    DROP,
    /** Nothing held and no route: still down. */
    NONE;

    public static RouteCacheDecision decide(Optional<Long> held, Optional<Long> found) {
        if (held.isEmpty()) {
            return found.isEmpty() ? NONE : ACQUIRE;
        }
        if (found.isEmpty()) {
            return DROP;
        }
        return Objects.equals(held.get(), found.get()) ? KEEP : MOVE;
    }
}

package dev.jailnet.routing.domain;

import static dev.jailnet.routing.domain.RouteCacheDecision.ACQUIRE;
import static dev.jailnet.routing.domain.RouteCacheDecision.DROP;
import static dev.jailnet.routing.domain.RouteCacheDecision.KEEP;
import static dev.jailnet.routing.domain.RouteCacheDecision.MOVE;
import static dev.jailnet.routing.domain.RouteCacheDecision.NONE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouteCacheDecisionTest {

    @Test
    void theSameNexthopIsKept() {
        assertThat(RouteCacheDecision.decide(Optional.of(7L), Optional.of(7L))).isEqualTo(KEEP);
    }

    @Test
    void aChangedOrBetterRouteMovesTheCache() {
        assertThat(RouteCacheDecision.decide(Optional.of(7L), Optional.of(9L))).isEqualTo(MOVE);
    }

    @Test
    void noRouteLeftDropsTheCache() {
        assertThat(RouteCacheDecision.decide(Optional.of(7L), Optional.empty())).isEqualTo(DROP);
    }

    @Test
    void aFirstRouteIsAcquiredAndNoRouteAtAllLeavesTheTunnelDown() {
        assertThat(RouteCacheDecision.decide(Optional.empty(), Optional.of(3L))).isEqualTo(ACQUIRE);
        assertThat(RouteCacheDecision.decide(Optional.empty(), Optional.empty())).isEqualTo(NONE);
    }
}

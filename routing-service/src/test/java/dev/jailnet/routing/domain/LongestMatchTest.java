package dev.jailnet.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LongestMatchTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static Route route(int fib, String prefix, long nhop) {
        IpPrefix destination = prefix.equals("default") ? IpPrefix.defaultRoute(IpFamily.INET) : IpPrefix.parse(prefix);
        return new Route("vnet1", fib, destination, nhop, RouteKind.STATIC, null, NOW);
    }

    private static Optional<Long> best(List<Route> routes, int fib, String address) {
        return LongestMatch.best(routes, fib, IpAddress.parse(address)).map(Route::nhopId);
    }

    @Test
    void theMostSpecificPrefixWins() {
        List<Route> table = List.of(route(0, "default", 1), route(0, "10.0.0.0/8", 2), route(0, "10.1.0.0/16", 3),
                route(0, "10.1.2.0/24", 4), route(0, "10.1.2.3", 5));

        assertThat(best(table, 0, "10.1.2.3")).contains(5L);
        assertThat(best(table, 0, "10.1.2.4")).contains(4L);
        assertThat(best(table, 0, "10.1.3.1")).contains(3L);
        assertThat(best(table, 0, "10.9.9.9")).contains(2L);
        assertThat(best(table, 0, "192.0.2.1")).as("the default route").contains(1L);
    }

    @Test
    void withoutADefaultRouteAnUnmatchedAddressHasNoRoute() {
        assertThat(best(List.of(route(0, "10.0.0.0/8", 2)), 0, "192.0.2.1")).isEmpty();
        assertThat(best(List.of(), 0, "192.0.2.1")).isEmpty();
    }

    @Test
    void equalPrefixesInDifferentFibsAreDifferentRoutes() {
        List<Route> table = List.of(route(0, "10.1.0.0/16", 10), route(1, "10.1.0.0/16", 11), route(1, "default", 12));

        assertThat(best(table, 0, "10.1.5.5")).contains(10L);
        assertThat(best(table, 1, "10.1.5.5")).contains(11L);
        assertThat(best(table, 0, "8.8.8.8")).isEmpty();
        assertThat(best(table, 1, "8.8.8.8")).contains(12L);
    }

    @Test
    void familiesDoNotMix() {
        List<Route> table = List.of(route(0, "default", 1),
                new Route("vnet1", 0, IpPrefix.parse("2001:db8::/32"), 7, RouteKind.STATIC, null, NOW));

        assertThat(best(table, 0, "2001:db8::1")).contains(7L);
        assertThat(best(table, 0, "2001:db9::1")).as("the inet default route is not an inet6 route").isEmpty();
    }
}

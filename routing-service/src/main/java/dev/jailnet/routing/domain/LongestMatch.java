package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpAddress;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Longest-prefix match ({@code fib4_lookup}, {@code fib6_lookup}) among the routes of one RIB: the most
 * specific route that contains the address wins; the default route matches everything of its family.
 */
public final class LongestMatch {

    private LongestMatch() {
    }

    public static Optional<Route> best(List<Route> candidates, int fib, IpAddress address) {
        return candidates.stream()
                .filter(r -> r.fib() == fib && r.family() == address.family() && r.destination().contains(address))
                .max(Comparator.comparingInt(r -> r.destination().length()));
    }
}

package dev.jailnet.routing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Nexthop;
import dev.jailnet.routing.domain.Route;
import dev.jailnet.routing.domain.RouteKind;

/** One line of {@code netstat -rn}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteView(String destination, String gateway, String flags,
                        @com.fasterxml.jackson.annotation.JsonProperty("interface") String netif, long nhopId, int fib,
                        IpFamily family, RouteKind kind) {

    static RouteView of(Route route, Nexthop nexthop) {
        String gateway = nexthop.gateway().orElse(null);
        return new RouteView(route.destination().toString(), gateway == null ? "link#" + nexthop.ifIndex() : gateway,
                route.flags(gateway != null), nexthop.ifName(), nexthop.id(), route.fib(), route.family(), route.kind());
    }
}

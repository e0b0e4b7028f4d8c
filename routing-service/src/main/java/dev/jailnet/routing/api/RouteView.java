package dev.jailnet.routing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.routing.domain.Nexthop;
import dev.jailnet.routing.domain.Route;
import dev.jailnet.routing.domain.RouteKind;
import java.util.function.IntFunction;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of {@code netstat -rn}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteView(
        @Schema(description = "A prefix or a host address, as `netstat -rn` shows it; `default` for the default"
                + " route of either family (`family` tells which); a link-local one with its link after `%`"
                + " (`fe80::%epair0b/64`).")
        String destination,
        @Schema(description = "The gateway's address (a link-local one with its link: `fe80::1%epair0b`), or"
                + " `link#N` (N the interface's index) for a route straight out of an interface.")
        String gateway,
        @Schema(pattern = "^UG?H?[SC]$", description = "`netstat -rn` flags: U up, G through a gateway, H host,"
                + " S static (and the local route of an address), C connected (an address's network).")
        String flags,
        @com.fasterxml.jackson.annotation.JsonProperty("interface")
        @Schema(description = "The interface the route leaves by (`lo0` for an address's local route).")
        String netif,
        @Schema(description = "The id of the nexthop the route resolves to, shared with every route that leaves the"
                + " same way.")
        long nhopId,
        int fib,
        IpFamily family,
        @Schema(description = "Where the route comes from: an address's network, the address itself, or `route"
                + " add`.")
        RouteKind kind) {

    /**
     * {@code zones} names the link of a link-local destination by its index: the nexthop's interface for a
     * connected route or a gateway, the address's for its local route (which leaves by {@code lo0}).
     */
    static RouteView of(Route route, Nexthop nexthop, IntFunction<String> zones) {
        IntFunction<String> names = nexthop.linkNames(zones);
        String gateway = nexthop.gateway().map(g -> LinkScope.show(g, names)).orElse(null);
        return new RouteView(LinkScope.show(route.destination(), names),
                gateway == null ? "link#" + nexthop.ifIndex() : gateway, route.flags(gateway != null),
                nexthop.ifName(), nexthop.id(), route.fib(), route.family(), route.kind());
    }
}

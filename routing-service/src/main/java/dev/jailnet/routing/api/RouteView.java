package dev.jailnet.routing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Nexthop;
import dev.jailnet.routing.domain.Route;
import dev.jailnet.routing.domain.RouteKind;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One line of {@code netstat -rn}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RouteView(
        @Schema(description = "A prefix or a host address, as `netstat -rn` shows it; `default` for the default"
                + " route of either family (`family` tells which).")
        String destination,
        @Schema(description = "The gateway's address, or `link#N` (N the interface's index) for a route straight"
                + " out of an interface.")
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

    static RouteView of(Route route, Nexthop nexthop) {
        String gateway = nexthop.gateway().orElse(null);
        return new RouteView(route.destination().toString(), gateway == null ? "link#" + nexthop.ifIndex() : gateway,
                route.flags(gateway != null), nexthop.ifName(), nexthop.id(), route.fib(), route.family(), route.kind());
    }
}

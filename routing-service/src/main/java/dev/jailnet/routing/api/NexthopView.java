package dev.jailnet.routing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.routing.domain.Nexthop;
import dev.jailnet.routing.domain.RouteService;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A nexthop with its reference count and the first of its holders of each kind. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NexthopView(long id, int fib, IpFamily family,
                          @com.fasterxml.jackson.annotation.JsonProperty("interface")
                          @Schema(description = "The interface it leaves by; the nexthop holds a reference on it.")
                          String netif,
                          @Schema(description = "The interface's index.") int ifIndex,
                          @Schema(description = "The gateway's address; absent for a nexthop straight out of the"
                                  + " interface.")
                          String gateway,
                          @Schema(description = "Its references: one per holder, route or tunnel. It is freed when the"
                                  + " last goes.")
                          long refcount,
                          @Schema(description = "The first " + RouteService.HOLDERS_SHOWN + " routes (by destination)"
                                  + " and the first " + RouteService.HOLDERS_SHOWN + " tunnels (by subscription) that"
                                  + " hold it. All of them: `GET .../routes?nexthop=ID` and"
                                  + " `GET .../subscriptions?nexthop=ID`, a page at a time.")
                          List<Holder> holders,
                          @Schema(description = "Whether `holders` names every holder (`refcount` of them).")
                          boolean holdersComplete) {

    /** {@code zones} names the link of a link-local destination by its index, as for {@link RouteView}. */
    static NexthopView of(Nexthop nexthop, RouteService.Holders held, IntFunction<String> zones) {
        IntFunction<String> names = nexthop.linkNames(zones);
        List<Holder> holders = new ArrayList<>();
        held.routes().forEach(r -> holders.add(new Holder("route", LinkScope.show(r.destination(), names), null, null)));
        held.tunnels().forEach(t -> holders.add(new Holder("tunnel", null, t.subscriberName(), t.vnetId())));
        return new NexthopView(nexthop.id(), nexthop.fib(), nexthop.family(), nexthop.ifName(), nexthop.ifIndex(),
                nexthop.gateway().map(g -> LinkScope.show(g, names)).orElse(null), held.refcount(), holders,
                held.complete());
    }

    /** A route that resolves to the nexthop, or a tunnel whose route cache holds it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holder(
            @Schema(enumeration = {"route", "tunnel"}, description = "A route, or a tunnel's route cache.")
            String kind,
            @Schema(description = "A route's destination, as `netstat -rn` shows it; absent for a tunnel.")
            String destination,
            @Schema(description = "A tunnel's interface name (`gif0`); absent for a route.")
            String subscriber,
            @Schema(description = "A tunnel's VNET; absent for a route.")
            String vnet) {
    }
}

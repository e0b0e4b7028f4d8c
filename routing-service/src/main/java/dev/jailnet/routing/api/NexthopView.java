package dev.jailnet.routing.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Nexthop;
import dev.jailnet.routing.domain.RibSubscription;
import dev.jailnet.routing.domain.Route;
import java.util.ArrayList;
import java.util.List;

/** A nexthop with its reference count and every holder behind it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NexthopView(long id, int fib, IpFamily family,
                          @com.fasterxml.jackson.annotation.JsonProperty("interface") String netif, int ifIndex, String gateway, int refcount,
                          List<Holder> holders) {

    static NexthopView of(Nexthop nexthop, List<Route> routes, List<RibSubscription> tunnels) {
        List<Holder> holders = new ArrayList<>();
        routes.forEach(r -> holders.add(new Holder("route", r.destination().toString(), null, null)));
        tunnels.forEach(t -> holders.add(new Holder("tunnel", null, t.subscriberName(), t.vnetId())));
        return new NexthopView(nexthop.id(), nexthop.fib(), nexthop.family(), nexthop.ifName(), nexthop.ifIndex(),
                nexthop.gateway().orElse(null), holders.size(), holders);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Holder(String kind, String destination, String subscriber, String vnet) {
    }
}

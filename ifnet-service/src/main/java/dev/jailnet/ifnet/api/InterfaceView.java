package dev.jailnet.ifnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.ifnet.domain.IfFlag;
import dev.jailnet.ifnet.domain.IfKind;
import dev.jailnet.ifnet.domain.IfState;
import dev.jailnet.ifnet.domain.Ifaddr;
import dev.jailnet.ifnet.domain.Ifnet;
import dev.jailnet.ifnet.domain.IfnetHolders;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** An interface as {@code ifconfig} shows it, with where it lives, where it comes from, and who holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterfaceView(
        String name,
        @Schema(description = "The interface index (`if_index`): global, kept when the interface moves between"
                + " VNETs.")
        int index,
        IfKind kind,
        @Schema(description = "`ATTACHED` to `vnet`, or a `TOMBSTONE`: destroyed, kept until routing has flushed"
                + " its routes and the last reference on it goes.")
        IfState state,
        @Schema(description = "The VNET that created it (`if_home_vnet`), where it returns when the VNET it is loaned"
                + " to goes.")
        String homeVnet,
        @Schema(description = "The VNET it is in now (`if_vnet`).")
        String vnet,
        @Schema(description = "Its flags, as `ifconfig` prints them.")
        List<IfFlag> flags,
        int mtu,
        @Schema(description = "Its addresses with their prefix lengths, as `ifconfig` prints them (`10.0.0.2/24`).")
        List<String> addresses,
        @Schema(description = "The other half of an epair (`epair0b` for `epair0a`); absent on other kinds.")
        String peer,
        @Schema(description = "The tunnel's endpoints and route cache; absent unless it is a tunnel with endpoints"
                + " set.")
        Tunnel tunnel,
        @Schema(description = "The references held on it (`if_refcount`): one per holder.")
        long refcount,
        @Schema(description = "Who holds a reference on it: routing's nexthops, as `nhop:VNET/ID`; the first "
                + IfnetHolders.SHOWN + ", oldest first. All of them: `GET .../interfaces/{name}/holders`, a page at"
                + " a time.")
        List<String> holders,
        @Schema(description = "Whether `holders` names every holder (`refcount` of them).")
        boolean holdersComplete,
        Instant createdAt,
        @Schema(description = "When it was destroyed; absent unless it is a tombstone.")
        Instant detachedAt) {

    static InterfaceView of(Ifnet ifp) {
        IfnetHolders held = ifp.shownHolders();
        String peer = ifp.kind() == IfKind.EPAIR
                ? ifp.name().substring(0, ifp.name().length() - 1) + (ifp.name().endsWith("a") ? "b" : "a")
                : null;
        Tunnel tunnel = ifp.hasTunnel() ? new Tunnel(ifp.tunnelSource().orElse(null),
                ifp.tunnelDestination().orElse(null), ifp.tunnelFib().orElse(0), ifp.tunnelSubscribed(), ifp.tunnelResolved(),
                ifp.cachedNhopId().map(id -> new Cache(id, ifp.cachedEgress().orElse(null),
                        ifp.cachedGateway().map(g -> LinkScope.show(g, link -> ifp.cachedEgress()
                                .orElse(Integer.toString(link)))).orElse(null))).orElse(null)) : null;
        return new InterfaceView(ifp.name(), ifp.index(), ifp.kind(), ifp.state(), ifp.homeVnet(), ifp.vnet(),
                ifp.flags(), ifp.mtu(), ifp.addresses().stream().map(Ifaddr::toString).toList(), peer, tunnel,
                held.refcount(), held.first(), held.complete(), ifp.createdAt(), ifp.detachedAt().orElse(null));
    }

    /**
     * The outer endpoints and the route cache: the nexthop the tunnel holds, if any; {@code resolved} once routing
     * has answered these endpoints (without a cache then, no route leads to the destination).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A tunnel's outer endpoints and its route cache.")
    public record Tunnel(
            @Schema(description = "The outer source address.")
            String source,
            @Schema(description = "The outer destination address.")
            String destination,
            @Schema(description = "The FIB the outer packets are routed in (`tunnelfib`).")
            int fib,
            @Schema(description = "Routing has subscribed the tunnel to the route to its destination"
                    + " (`rib_subscribe`): the cache follows that route's changes.")
            boolean subscribed,
            @Schema(description = "Routing has answered these endpoints: a missing `cache` then means no route leads"
                    + " to the destination.")
            boolean resolved,
            @Schema(description = "The nexthop the tunnel holds; absent until routing has answered, or when no route"
                    + " leads to the destination.")
            Cache cache) {
    }

    @Schema(description = "A tunnel's route cache: the nexthop routing resolved its destination to.")
    public record Cache(
            @Schema(description = "The nexthop's id in routing-service, in the tunnel's VNET.")
            long nhopId,
            @Schema(nullable = true, description = "The interface the outer packets leave by.")
            String egress,
            @Schema(nullable = true, description = "The gateway the outer packets go through (a link-local one with"
                    + " its link, `fe80::1%epair0b`); null when the destination is on a connected network.")
            String gateway) {
    }
}

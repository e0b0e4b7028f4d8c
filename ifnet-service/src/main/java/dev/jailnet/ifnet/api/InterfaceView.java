package dev.jailnet.ifnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.ifnet.domain.IfKind;
import dev.jailnet.ifnet.domain.IfState;
import dev.jailnet.ifnet.domain.Ifaddr;
import dev.jailnet.ifnet.domain.Ifnet;
import dev.jailnet.ifnet.domain.IfnetRef;
import java.time.Instant;
import java.util.List;

/** An interface as {@code ifconfig} shows it, with where it lives, where it comes from, and who holds it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InterfaceView(String name, int index, IfKind kind, IfState state, String homeVnet, String vnet,
                            List<String> flags, int mtu, List<String> addresses, String peer, Tunnel tunnel,
                            int refcount, List<String> holders, Instant createdAt, Instant detachedAt) {

    static InterfaceView of(Ifnet ifp) {
        String peer = ifp.kind() == IfKind.EPAIR
                ? ifp.name().substring(0, ifp.name().length() - 1) + (ifp.name().endsWith("a") ? "b" : "a")
                : null;
        Tunnel tunnel = ifp.hasTunnel() ? new Tunnel(ifp.tunnelSource().orElse(null),
                ifp.tunnelDestination().orElse(null), ifp.tunnelFib().orElse(0), ifp.tunnelSubscribed(), ifp.tunnelResolved(),
                ifp.cachedNhopId().map(id -> new Cache(id, ifp.cachedEgress().orElse(null),
                        ifp.cachedGateway().orElse(null))).orElse(null)) : null;
        return new InterfaceView(ifp.name(), ifp.index(), ifp.kind(), ifp.state(), ifp.homeVnet(), ifp.vnet(),
                ifp.flags(), ifp.mtu(), ifp.addresses().stream().map(Ifaddr::toString).toList(), peer, tunnel,
                ifp.refcount(), ifp.refs().stream().map(IfnetRef::holder).toList(), ifp.createdAt(),
                ifp.detachedAt().orElse(null));
    }

    /**
     * The outer endpoints and the route cache: the nexthop the tunnel holds, if any; {@code resolved} once routing
     * has answered these endpoints (without a cache then, no route leads to the destination).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Tunnel(String source, String destination, int fib, boolean subscribed, boolean resolved,
                         Cache cache) {
    }

    public record Cache(long nhopId, String egress, String gateway) {
    }
}

package dev.jailnet.ifnet.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NewAddrMsg;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.RibChanged;
import dev.jailnet.events.route.RtablesDestroyed;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.ifnet.domain.DestroyService;
import dev.jailnet.ifnet.domain.ReferenceService;
import dev.jailnet.messaging.EventHandler;
import jakarta.inject.Singleton;

/** What routing tells the interface layer. */
@Singleton
public class RouteEventsHandler extends EventHandler {

    public RouteEventsHandler(ReferenceService references, DestroyService destroy) {
        super("route-events", Topics.ROUTE_EVENTS);
        on(NhopCreated.class, (e, cause) -> references.nhopCreated(e.vnetId(), e.nhopId(), e.ifIndex()));
        on(NhopFreed.class, (e, cause) -> references.nhopFreed(e.vnetId(), e.nhopId(), e.ifIndex()));
        on(IfnetDetached.class, (e, cause) -> references.routingDetached(e.ifIndex()));
        on(RibChanged.class, (e, cause) -> references.ribChanged(e.vnetId(), e.subscribers(), cause));
        on(NewAddrMsg.class, (e, cause) -> references.addressRouted(e.vnetId(), e.ifIndex(), e.address(),
                e.prefixLength(), cause.causationId()));
        on(RtablesDestroyed.class, (e, cause) -> destroy.sysuninit(e.vnetId(), cause));
        on(TunnelRouteResolved.class, (e, cause) -> references.routeResolved(e.vnetId(), e.ifIndex(), e.generation(),
                e.subscribed(), e.nhopId(), e.egressIfName(), e.gateway()));
    }
}

package dev.jailnet.ifnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.RibChanged;
import dev.jailnet.events.route.RtablesDestroyed;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.ifnet.domain.DestroyService;
import dev.jailnet.ifnet.domain.ReferenceService;
import dev.jailnet.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** What routing tells the interface layer. */
@ApplicationScoped
public class RouteEventsHandler implements MessageHandler {

    private final ReferenceService references;
    private final DestroyService destroy;

    public RouteEventsHandler(ReferenceService references, DestroyService destroy) {
        this.references = references;
        this.destroy = destroy;
    }

    @Override
    public String name() {
        return "route-events";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.ROUTE_EVENTS);
    }

    @Override
    public void handle(Envelope envelope) {
        if (envelope.payload() instanceof NhopCreated e) {
            references.nhopCreated(e.vnetId(), e.nhopId(), e.ifIndex());
        } else if (envelope.payload() instanceof NhopFreed e) {
            references.nhopFreed(e.vnetId(), e.nhopId(), e.ifIndex());
        } else if (envelope.payload() instanceof IfnetDetached e) {
            references.routingDetached(e.ifIndex());
        } else if (envelope.payload() instanceof RibChanged e) {
            references.ribChanged(e.vnetId(), e.subscribers(), envelope);
        } else if (envelope.payload() instanceof RtablesDestroyed e) {
            destroy.sysuninit(e.vnetId(), envelope);
        } else if (envelope.payload() instanceof TunnelRouteResolved e) {
            references.routeResolved(e.vnetId(), e.ifIndex(), e.generation(), e.subscribed(), e.nhopId(),
                    e.egressIfName(), e.gateway());
        }
    }
}

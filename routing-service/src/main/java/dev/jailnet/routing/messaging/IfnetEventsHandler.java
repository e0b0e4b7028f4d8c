package dev.jailnet.routing.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.routing.domain.DestroyService;
import dev.jailnet.routing.domain.RouteService;
import dev.jailnet.routing.domain.SubscriptionService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** What the interface layer tells routing: interfaces coming and going, addresses, tunnels' caches. */
@ApplicationScoped
public class IfnetEventsHandler implements MessageHandler {

    private final RouteService routes;
    private final SubscriptionService subscriptions;
    private final DestroyService destroy;

    public IfnetEventsHandler(RouteService routes, SubscriptionService subscriptions, DestroyService destroy) {
        this.routes = routes;
        this.subscriptions = subscriptions;
        this.destroy = destroy;
    }

    @Override
    public String name() {
        return "ifnet-events";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.IFNET_EVENTS);
    }

    @Override
    public void handle(Envelope envelope) {
        if (envelope.payload() instanceof IfnetArrival e) {
            routes.interfaceArrived(e.vnetId(), e.index(), e.name());
        } else if (envelope.payload() instanceof IfnetDeparture e) {
            routes.interfaceDeparted(e.vnetId(), e.index(), e.name(), envelope);
        } else if (envelope.payload() instanceof IfaddrAdded e) {
            routes.addressAdded(e.vnetId(), e.ifIndex(), e.ifName(), e.address(), e.prefixLength(), envelope);
        } else if (envelope.payload() instanceof IfaddrRemoved e) {
            routes.addressRemoved(e.vnetId(), e.ifIndex(), e.address(), e.prefixLength(), envelope);
        } else if (envelope.payload() instanceof TunnelResolve e) {
            subscriptions.resolve(e.vnetId(), e.ifIndex(), e.ifName(), e.fib(), e.family(), e.destination(),
                    e.generation(), envelope);
        } else if (envelope.payload() instanceof TunnelRelease e) {
            if (destroy.knows(e.vnetId())) {
                subscriptions.release(e.vnetId(), e.ifIndex(), envelope);
            } else {
                destroy.unsubscribeAfterDestroy(e.vnetId(), e.ifIndex(), e.ifName());
            }
        }
    }
}

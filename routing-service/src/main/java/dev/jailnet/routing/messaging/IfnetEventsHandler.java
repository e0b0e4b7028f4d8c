package dev.jailnet.routing.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.messaging.EventHandler;
import dev.jailnet.routing.domain.DestroyService;
import dev.jailnet.routing.domain.RouteService;
import dev.jailnet.routing.domain.SubscriptionService;
import jakarta.inject.Singleton;

/** What the interface layer tells routing: interfaces coming and going, addresses, tunnels' caches. */
@Singleton
public class IfnetEventsHandler extends EventHandler {

    public IfnetEventsHandler(RouteService routes, SubscriptionService subscriptions, DestroyService destroy) {
        super("ifnet-events", Topics.IFNET_EVENTS);
        on(IfnetArrival.class, (e, cause) -> routes.interfaceArrived(e.vnetId(), e.index(), e.name()));
        on(IfnetDeparture.class, (e, cause) -> routes.interfaceDeparted(e.vnetId(), e.index(), e.name(),
                e.awaitsDetach(), e.heirs(), cause));
        on(IfaddrAdded.class, (e, cause) -> routes.addressAdded(e.vnetId(), e.ifIndex(), e.ifName(), e.address(),
                e.prefixLength(), cause));
        on(IfaddrRemoved.class, (e, cause) -> routes.addressRemoved(e.vnetId(), e.ifIndex(), e.address(),
                e.prefixLength(), e.heldPrefixRoute(), e.heir(), cause));
        on(TunnelResolve.class, (e, cause) -> subscriptions.resolve(e.vnetId(), e.ifIndex(), e.ifName(), e.fib(),
                e.family(), e.destination(), e.generation(), cause));
        on(TunnelRelease.class, (e, cause) -> {
            if (destroy.knows(e.vnetId())) {
                subscriptions.release(e.vnetId(), e.ifIndex(), cause);
            } else {
                destroy.unsubscribeAfterDestroy(e.vnetId(), e.ifIndex(), e.ifName());
            }
        });
    }
}

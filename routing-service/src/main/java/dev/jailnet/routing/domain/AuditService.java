package dev.jailnet.routing.domain;

import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.messaging.ReferenceLedger;
import dev.jailnet.routing.store.NexthopRepository;
import dev.jailnet.routing.store.RibRepository;
import dev.jailnet.routing.store.RouteRepository;
import dev.jailnet.routing.store.RoutingVnetRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** routing-service's reference ledger: nexthops on interfaces; tunnels on RIBs and nexthops. */
@ApplicationScoped
public class AuditService implements ReferenceLedger {

    private final RoutingVnetRepository vnets;
    private final RibRepository ribs;
    private final NexthopRepository nexthops;
    private final RouteRepository routes;
    private final SubscriptionRepository subscriptions;

    public AuditService(RoutingVnetRepository vnets, RibRepository ribs, NexthopRepository nexthops,
                        RouteRepository routes, SubscriptionRepository subscriptions) {
        this.vnets = vnets;
        this.ribs = ribs;
        this.nexthops = nexthops;
        this.routes = routes;
        this.subscriptions = subscriptions;
    }

    @Transactional
    @Override
    public List<String> vnets(String after, int limit) {
        return vnets.withRows(after, limit);
    }

    @Transactional
    @Override
    public AuditLedger.Builder ledger(Collection<String> vnetIds) {
        AuditLedger.Builder ledger = AuditLedger.of("routing-service");
        if (vnetIds.isEmpty()) {
            return ledger;
        }
        Set<String> ribIds = new HashSet<>();
        for (Rib rib : ribs.inVnets(vnetIds)) {
            String id = AuditLedger.rib(rib.vnetId(), rib.fib(), rib.family().name());
            ledger.object(id);
            ribIds.add(id);
        }
        Set<Long> live = new HashSet<>();
        for (Nexthop nexthop : nexthops.inVnets(vnetIds)) {
            live.add(nexthop.id());
            String id = AuditLedger.nhop(nexthop.vnetId(), nexthop.id());
            ledger.object(id);
            ledger.holds(id, AuditLedger.ifnet(nexthop.ifIndex()), ReferenceKind.NHOP_IFNET);
        }
        for (Nexthop unheld : nexthops.unheldIn(vnetIds)) {
            ledger.violation(AuditLedger.nhop(unheld.vnetId(), unheld.id()) + " has no holder but was not freed");
        }
        for (Route route : routes.withoutNexthopIn(vnetIds)) {
            ledger.violation("route " + route.destination() + " in " + route.vnetId() + " uses nexthop "
                    + route.nhopId() + ", which does not exist");
        }
        for (RibSubscription subscription : subscriptions.inVnets(vnetIds)) {
            String tunnel = AuditLedger.tunnel(subscription.vnetId(), subscription.subscriberIfIndex());
            String rib = AuditLedger.rib(subscription.vnetId(), subscription.fib(), subscription.family().name());
            ledger.heldBy(tunnel, rib, ReferenceKind.RIB_SUBSCRIPTION);
            if (!ribIds.contains(rib)) {
                ledger.violation(tunnel + " (" + subscription.subscriberName() + ") is subscribed to " + rib
                        + ", which does not exist");
            }
            subscription.heldNhopId().ifPresent(id -> {
                ledger.heldBy(tunnel, AuditLedger.nhop(subscription.vnetId(), id), ReferenceKind.TUNNEL_NHOP);
                if (!live.contains(id)) {
                    ledger.violation(tunnel + " holds nexthop " + id + ", which does not exist");
                }
            });
        }
        return ledger;
    }
}

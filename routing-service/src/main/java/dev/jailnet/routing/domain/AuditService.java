package dev.jailnet.routing.domain;

import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.messaging.ReferenceFaults;
import dev.jailnet.messaging.ReferenceLedger;
import dev.jailnet.routing.store.NexthopRepository;
import dev.jailnet.routing.store.RibRepository;
import dev.jailnet.routing.store.RouteRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.HashSet;
import java.util.Set;

/** routing-service's reference ledger: nexthops on interfaces; tunnels on RIBs and nexthops. */
@ApplicationScoped
public class AuditService implements ReferenceLedger {

    private final RibRepository ribs;
    private final NexthopRepository nexthops;
    private final RouteRepository routes;
    private final SubscriptionRepository subscriptions;
    private final ReferenceFaults faults;
    private final RouteService references;

    public AuditService(RibRepository ribs, NexthopRepository nexthops, RouteRepository routes,
                        SubscriptionRepository subscriptions, ReferenceFaults faults, RouteService references) {
        this.references = references;
        this.ribs = ribs;
        this.nexthops = nexthops;
        this.routes = routes;
        this.subscriptions = subscriptions;
        this.faults = faults;
    }

    @Transactional
    @Override
    public AuditLedger ledger() {
        AuditLedger.Builder ledger = AuditLedger.of("routing-service");
        Set<String> ribIds = new HashSet<>();
        for (Rib rib : ribs.listAll()) {
            String id = AuditLedger.rib(rib.vnetId(), rib.fib(), rib.family().name());
            ledger.object(id);
            ribIds.add(id);
        }
        Set<Long> live = new HashSet<>();
        for (Nexthop nexthop : nexthops.listAll()) {
            live.add(nexthop.id());
            String id = AuditLedger.nhop(nexthop.vnetId(), nexthop.id());
            ledger.object(id);
            ledger.holds(id, AuditLedger.ifnet(nexthop.ifIndex()), ReferenceKind.NHOP_IFNET);
            long count = references.references(nexthop.id());
            if (count == 0) {
                ledger.violation(id + " has no holder but was not freed");
            }
        }
        for (Route route : routes.listAll()) {
            if (!live.contains(route.nhopId())) {
                ledger.violation("route " + route.destination() + " in " + route.vnetId() + " uses nexthop "
                        + route.nhopId() + ", which does not exist");
            }
        }
        for (RibSubscription subscription : subscriptions.listAll()) {
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
        return ledger.build(faults.all());
    }
}

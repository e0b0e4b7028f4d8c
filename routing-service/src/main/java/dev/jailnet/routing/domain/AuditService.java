package dev.jailnet.routing.domain;

import dev.jailnet.events.audit.AuditLedger.Reference;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.messaging.ReferenceFaults;
import dev.jailnet.messaging.ReferenceLedger;
import dev.jailnet.routing.store.NexthopRepository;
import dev.jailnet.routing.store.RibRepository;
import dev.jailnet.routing.store.RouteRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
        List<String> objects = new ArrayList<>();
        List<Reference> holds = new ArrayList<>();
        List<Reference> heldBy = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        Set<String> ribIds = new HashSet<>();
        for (Rib rib : ribs.listAll()) {
            String id = AuditLedger.rib(rib.vnetId(), rib.fib(), rib.family().name());
            objects.add(id);
            ribIds.add(id);
        }
        Set<Long> live = new HashSet<>();
        for (Nexthop nexthop : nexthops.listAll()) {
            live.add(nexthop.id());
            String id = AuditLedger.nhop(nexthop.vnetId(), nexthop.id());
            objects.add(id);
            holds.add(new Reference(id, AuditLedger.ifnet(nexthop.ifIndex()), "nhop-ifnet"));
            long count = references.references(nexthop.id());
            if (count == 0) {
                violations.add(id + " has no holder but was not freed");
            }
        }
        for (Route route : routes.listAll()) {
            if (!live.contains(route.nhopId())) {
                violations.add("route " + route.destination() + " in " + route.vnetId() + " uses nexthop "
                        + route.nhopId() + ", which does not exist");
            }
        }
        for (RibSubscription subscription : subscriptions.listAll()) {
            String tunnel = AuditLedger.tunnel(subscription.vnetId(), subscription.subscriberIfIndex());
            String rib = AuditLedger.rib(subscription.vnetId(), subscription.fib(), subscription.family().name());
            heldBy.add(new Reference(tunnel, rib, "subscription"));
            if (!ribIds.contains(rib)) {
                violations.add(tunnel + " (" + subscription.subscriberName() + ") is subscribed to " + rib
                        + ", which does not exist");
            }
            subscription.heldNhopId().ifPresent(id -> {
                heldBy.add(new Reference(tunnel, AuditLedger.nhop(subscription.vnetId(), id), "tunnel-nhop"));
                if (!live.contains(id)) {
                    violations.add(tunnel + " holds nexthop " + id + ", which does not exist");
                }
            });
        }
        return new AuditLedger("routing-service", objects, holds, heldBy, violations, faults.all());
    }
}

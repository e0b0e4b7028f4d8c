package dev.jailnet.routing.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.route.RtablesDestroyed;
import dev.jailnet.messaging.ReferenceFaults;
import dev.jailnet.routing.store.RibRepository;
import dev.jailnet.routing.store.RouteRepository;
import dev.jailnet.routing.store.RoutingVnetRepository;
import dev.jailnet.routing.store.RtIfnetRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * {@code vnet_destroy} as routing sees it. After {@code vnet_shutdown} nothing of the VNET may be left here;
 * anything that is, is a reference fault. In legacy mode routing tears down on its own, at
 * {@code SI_SUB_PROTO_DOMAIN}: {@code rtables_destroy} frees the RIBs and their subscriptions without telling
 * the subscribers, and the nexthops stay behind, still referring to interfaces that will be destroyed.
 */
@ApplicationScoped
public class DestroyService {

    private final RoutingVnetRepository vnets;
    private final RibRepository ribs;
    private final RouteRepository routes;
    private final SubscriptionRepository subscriptions;
    private final RtIfnetRepository interfaces;
    private final ReferenceFaults faults;
    private final RouteService routesService;

    public DestroyService(RoutingVnetRepository vnets, RibRepository ribs, RouteRepository routes,
                          SubscriptionRepository subscriptions, RtIfnetRepository interfaces, ReferenceFaults faults,
                          RouteService routesService) {
        this.routesService = routesService;
        this.vnets = vnets;
        this.ribs = ribs;
        this.routes = routes;
        this.subscriptions = subscriptions;
        this.interfaces = interfaces;
        this.faults = faults;
    }

    @Transactional
    public void destroyed(String vnetId, boolean legacy, Envelope cause) {
        if (legacy) {
            rtablesDestroyWithoutShutdown(vnetId);
            routesService.publish(new RtablesDestroyed(vnetId), cause);
            return;
        }
        long left = vnets.kept(vnetId).total();
        if (left > 0) {
            faults.record(vnetId, "VnetDestroyed, but routing still holds " + left + " RIBs, routes, nexthops or "
                    + "subscriptions of " + vnetId);
        }
    }

    private void rtablesDestroyWithoutShutdown(String vnetId) {
        subscriptions.delete("vnetId", vnetId);
        routes.delete("vnetId", vnetId);
        ribs.delete("vnetId", vnetId);
        interfaces.delete("vnetId", vnetId);
        vnets.deleteById(vnetId);
    }

    /** {@code rib_unsubscribe} from a tunnel whose RIB {@code rtables_destroy} already freed: the page fault of §1. */
    @Transactional
    public void unsubscribeAfterDestroy(String vnetId, int ifIndex, String ifName) {
        faults.record(vnetId, "rib_unsubscribe by " + ifName + " (" + AuditLedger.tunnel(vnetId, ifIndex)
                + ") on a RIB of " + vnetId + " that rtables_destroy already freed (use after free)");
    }

    @Transactional
    public boolean knows(String vnetId) {
        return vnets.findByIdOptional(vnetId).isPresent();
    }
}

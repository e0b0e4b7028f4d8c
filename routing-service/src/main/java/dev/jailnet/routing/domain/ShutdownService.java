package dev.jailnet.routing.domain;

import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.messaging.LayerVnets;
import dev.jailnet.messaging.SagaParticipation.StepRefused;
import dev.jailnet.routing.store.RoutingVnetRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routing layer's part of {@code vnet_shutdown}: freeze; apply the tunnels' releases, delete every
 * route and free every nexthop (their interface references are listed for the interface layer, not
 * announced one by one); destroy the RIBs once they are empty.
 */
@ApplicationScoped
public class ShutdownService {

    private final RoutingVnetRepository vnets;
    private final LayerVnets layerVnets;
    private final SubscriptionRepository subscriptions;

    public ShutdownService(RoutingVnetRepository vnets, LayerVnets layerVnets, SubscriptionRepository subscriptions) {
        this.vnets = vnets;
        this.layerVnets = layerVnets;
        this.subscriptions = subscriptions;
    }

    /** Step 1: no new route, subscription or address route in the VNET; late events for it are ignored. */
    @Transactional
    public StepResult freeze(String vnetId) {
        layerVnets.freeze(vnetId);
        return StepResult.of(Map.of());
    }

    /**
     * Step 3: the tunnels' releases of step 2 applied ({@code rib_unsubscribe}, nexthop references dropped:
     * every one of the VNET's), every route deleted, every nexthop freed. Their interface references are passed
     * on summarised, for the interface layer to release. Batch statements: the cost does not grow with a round
     * trip per route.
     */
    @Transactional
    public StepResult releaseAndFlush(String vnetId, List<ReleasedReferences> tunnelReleases) {
        long tunnelRefs = subscriptions.countHoldingIn(vnetId);
        RoutingVnetRepository.Flushed flushed = vnets.flush(vnetId);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("subscriptions", (int) flushed.subscriptions());
        counts.put("tunnelRefs", (int) Math.max(tunnelRefs, tunnelReleases.stream()
                .filter(r -> r.kind() == ReferenceKind.TUNNEL_NHOP).mapToInt(ReleasedReferences::count).sum()));
        counts.put("routes", (int) flushed.routes());
        counts.put("nexthops", (int) flushed.nexthops());
        counts.put("interfaceRefs", (int) flushed.nexthops());
        return new StepResult(counts,
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, vnetId, (int) flushed.nexthops())));
    }

    /** {@code rtables_destroy}: the VNET's RIBs go, refused while a route or a subscription is left. */
    @Transactional(dontRollbackOn = StepRefused.class)
    public StepResult rtablesDestroy(String vnetId) {
        RoutingVnetRepository.Kept kept = vnets.kept(vnetId);
        if (kept.routes() > 0 || kept.subscriptions() > 0) {
            throw new StepRefused("the RIBs of " + vnetId + " still have " + kept.routes() + " routes and "
                    + kept.subscriptions() + " subscriptions");
        }
        return StepResult.of(Map.of("ribs", (int) vnets.destroy(vnetId)));
    }
}

package dev.jailnet.routing.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.store.NexthopRepository;
import dev.jailnet.routing.store.RibRepository;
import dev.jailnet.routing.store.RoutingVnetRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code rib_subscribe}/{@code rib_unsubscribe} for tunnels, and the references their route caches hold
 * on nexthops. A tunnel's resolve request is applied atomically here: look up, then keep, acquire, move
 * or drop its reference ({@link RouteCacheDecision}), so a tunnel never holds a nexthop that is gone.
 */
@ApplicationScoped
public class SubscriptionService {

    private final SubscriptionRepository subscriptions;
    private final RibRepository ribs;
    private final NexthopRepository nexthops;
    private final RoutingVnetRepository vnets;
    private final RouteService routes;

    public SubscriptionService(SubscriptionRepository subscriptions, RibRepository ribs, NexthopRepository nexthops,
                               RoutingVnetRepository vnets, RouteService routes) {
        this.subscriptions = subscriptions;
        this.ribs = ribs;
        this.nexthops = nexthops;
        this.vnets = vnets;
        this.routes = routes;
    }

    /** The tunnel subscribes (once) and its cache is revalidated against the RIB as it is now. */
    @Transactional
    public void resolve(String vnetId, int ifIndex, String ifName, int fib, String familyName, String destination,
                        long generation, Envelope cause) {
        if (routes.frozen(vnetId)) {
            return;
        }
        IpFamily family = IpFamily.valueOf(familyName);
        Optional<RibSubscription> existing = subscriptions.bySubscriber(vnetId, ifIndex);
        if (ribs.find(vnetId, fib, family).isEmpty()) {
            existing.ifPresent(s -> unsubscribe(s, cause));
            routes.publish(new TunnelRouteResolved(vnetId, ifIndex, generation, false, null, null, null), cause);
            return;
        }
        RibSubscription subscription = existing.orElseGet(() -> {
            RibSubscription created = new RibSubscription(vnetId, fib, family, ifIndex, ifName, destination,
                    Instant.now());
            subscriptions.persist(created);
            return created;
        });
        subscription.retarget(fib, family, destination, ifName);
        Optional<Long> held = subscription.heldNhopId();
        Optional<Long> found = routes.lookup(vnetId, fib, IpAddress.parse(destination)).map(Route::nhopId);
        switch (RouteCacheDecision.decide(held, found)) {
            case ACQUIRE -> subscription.hold(found.get());
            case MOVE, DROP -> {
                subscription.hold(found.orElse(null));
                subscriptions.flush();
                routes.releaseIfUnreferenced(held.get(), cause);
            }
            case KEEP, NONE -> {
            }
        }
        Nexthop nexthop = found.map(nexthops::findById).orElse(null);
        routes.publish(new TunnelRouteResolved(vnetId, ifIndex, generation, true, found.orElse(null),
                nexthop == null ? null : nexthop.ifName(), nexthop == null ? null : nexthop.gateway().orElse(null)), cause);
    }

    /** {@code gif_delete_tunnel}: {@code rib_unsubscribe} and the cache's reference dropped. */
    @Transactional
    public void release(String vnetId, int ifIndex, Envelope cause) {
        subscriptions.bySubscriber(vnetId, ifIndex).ifPresent(s -> unsubscribe(s, cause));
    }

    private void unsubscribe(RibSubscription subscription, Envelope cause) {
        Optional<Long> held = subscription.heldNhopId();
        subscriptions.delete(subscription);
        subscriptions.flush();
        held.ifPresent(id -> routes.releaseIfUnreferenced(id, cause));
    }

    /** With {@code nhopId}, only the tunnels whose route cache holds that nexthop: its tunnel holders. */
    @Transactional
    public List<RibSubscription> list(String vnetId, Long nhopId, long afterId, int count) {
        if (vnets.findByIdOptional(vnetId).isEmpty()) {
            throw Rejected.notFound("vnetId", "no VNET " + vnetId + " in the routing layer");
        }
        return nhopId == null ? subscriptions.inVnet(vnetId, afterId, count)
                : subscriptions.holding(vnetId, nhopId, afterId, count);
    }
}

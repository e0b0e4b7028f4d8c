package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.RibChanged.Change;
import dev.jailnet.messaging.VnetLocks;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.store.NexthopRepository;
import dev.jailnet.routing.store.RouteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One chunk of a {@link RouteLoad}: the same checks as a single {@code route add}, at the cost of a few
 * statements per chunk rather than several per route. Which destinations exist is asked once, the gateways
 * are resolved together (one longest-prefix match each, in one statement), the nexthops are found and the
 * missing ones created together, and the routes are inserted in one statement; the subscribers hear of the
 * chunk once per RIB. An interface route makes its network reachable for the gateways after it, so the
 * gateways after one are resolved again.
 */
@ApplicationScoped
public class RouteChunks {

    private final RouteService service;
    private final RouteRepository routes;
    private final NexthopRepository nexthops;
    private final VnetLocks locks;

    public RouteChunks(RouteService service, RouteRepository routes, NexthopRepository nexthops, VnetLocks locks) {
        this.service = service;
        this.routes = routes;
        this.nexthops = nexthops;
        this.locks = locks;
    }

    /** What decides a route's egress: its gateway in its fib, and the interface it names, if any. */
    private record Egress(int fib, String gateway, String interfaceName) {

        static Egress of(RouteService.StaticRoute route) {
            return new Egress(route.fib(), route.gatewayText(), route.interfaceName());
        }
    }

    private record NexthopKey(int fib, IpFamily family, int ifIndex, String ifName, String gateway) {
    }

    private record Pending(RouteService.StaticRoute route, NexthopKey nexthop) {
    }

    /** Adds the routes of {@code chunk}, the first at position {@code first} of the load; returns those refused. */
    @Transactional
    public List<RouteLoad.Refused> add(String vnetId, List<RouteSpec> chunk, int first) {
        locks.lock(vnetId);
        service.requireAlive(vnetId);
        List<RouteLoad.Refused> refused = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<RouteService.StaticRoute> wanted = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            try {
                wanted.add(service.parse(vnetId, chunk.get(i)));
                positions.add(first + i);
            } catch (Rejected refusal) {
                refused.add(refusal(first + i, chunk.get(i), refusal));
            }
        }
        Set<Integer> existing = routes.existing(vnetId, wanted.stream().map(RouteService.StaticRoute::fib).toList(),
                wanted.stream().map(RouteService.StaticRoute::destination).toList());
        Set<String> taken = new HashSet<>();
        Map<Egress, Object> egresses = new HashMap<>();
        Map<NexthopKey, Long> known = new HashMap<>();
        Set<RibId> changed = new LinkedHashSet<>();
        List<Pending> pending = new ArrayList<>();
        Instant now = Instant.now();
        for (int k = 0; k < wanted.size(); k++) {
            RouteService.StaticRoute route = wanted.get(k);
            int position = positions.get(k);
            String destinationKey = route.fib() + " " + route.destination().toCidr();
            try {
                if (existing.contains(k) || taken.contains(destinationKey)) {
                    throw RouteService.exists(vnetId, route);
                }
                if (!egresses.containsKey(Egress.of(route))) {
                    resolveFrom(vnetId, wanted, k, egresses);
                }
                if (egresses.get(Egress.of(route)) instanceof Rejected refusal) {
                    throw refusal;
                }
                RtIfnet egress = (RtIfnet) egresses.get(Egress.of(route));
                IpFamily family = route.destination().family();
                pending.add(new Pending(route, new NexthopKey(route.fib(), family, egress.ifIndex(), egress.name(),
                        route.gatewayText())));
                taken.add(destinationKey);
                changed.add(new RibId(route.fib(), family));
                if (route.gateway() == null) {
                    // an interface route makes its prefix directly reachable for the gateways of the routes after it
                    insert(vnetId, pending, known, now);
                    pending.clear();
                    egresses.clear();
                }
            } catch (Rejected refusal) {
                refused.add(refusal(position, chunk.get(position - first), refusal));
            }
        }
        insert(vnetId, pending, known, now);
        changed.forEach(rib -> service.notifySubscribers(vnetId, rib.fib(), rib.family(), "*", Change.ADD, null));
        refused.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return refused;
    }

    /**
     * Resolves the egress of route {@code k}: an interface route's by its interface, or else, in one statement,
     * the gateways of every route from {@code k} up to the next interface route that are not resolved yet.
     */
    private void resolveFrom(String vnetId, List<RouteService.StaticRoute> wanted, int k, Map<Egress, Object> known) {
        if (wanted.get(k).gateway() == null) {
            known.put(Egress.of(wanted.get(k)), outcome(() -> service.egress(vnetId, wanted.get(k))));
            return;
        }
        Map<Egress, RouteService.StaticRoute> unresolved = new LinkedHashMap<>();
        for (int j = k; j < wanted.size() && wanted.get(j).gateway() != null; j++) {
            if (!known.containsKey(Egress.of(wanted.get(j)))) {
                unresolved.putIfAbsent(Egress.of(wanted.get(j)), wanted.get(j));
            }
        }
        List<RouteService.StaticRoute> asked = List.copyOf(unresolved.values());
        Map<Integer, RouteRepository.Reach> reached = routes.reaching(vnetId,
                asked.stream().map(RouteService.StaticRoute::fib).toList(),
                asked.stream().map(RouteService.StaticRoute::gateway).toList());
        for (int i = 0; i < asked.size(); i++) {
            RouteService.StaticRoute route = asked.get(i);
            RouteRepository.Reach reach = reached.get(i);
            known.put(Egress.of(route), outcome(() -> RouteService.egress(vnetId, route, reach)));
        }
    }

    /** The egress, or the refusal that stands for it, for every route through the same gateway. */
    private static Object outcome(Supplier<RtIfnet> egress) {
        try {
            return egress.get();
        } catch (Rejected refusal) {
            return refusal;
        }
    }

    /**
     * Inserts the pending routes with their nexthops: those not known yet are looked for in one statement, the
     * missing ones created in another (each announced, as a single add announces it).
     */
    private void insert(String vnetId, List<Pending> pending, Map<NexthopKey, Long> known, Instant now) {
        List<NexthopKey> missing = pending.stream().map(Pending::nexthop).distinct()
                .filter(key -> !known.containsKey(key)).toList();
        if (!missing.isEmpty()) {
            Map<Integer, Long> found = nexthops.existing(vnetId, missing.stream().map(NexthopKey::fib).toList(),
                    missing.stream().map(NexthopKey::family).toList(), missing.stream().map(NexthopKey::ifIndex)
                            .toList(), missing.stream().map(NexthopKey::gateway).toList());
            found.forEach((i, id) -> known.put(missing.get(i), id));
            List<NexthopKey> absent = missing.stream().filter(key -> !known.containsKey(key)).toList();
            if (!absent.isEmpty()) {
                Map<Integer, Long> created = nexthops.insertAll(vnetId, absent.stream().map(NexthopKey::fib).toList(),
                        absent.stream().map(NexthopKey::family).toList(), absent.stream().map(NexthopKey::ifIndex)
                                .toList(), absent.stream().map(NexthopKey::ifName).toList(),
                        absent.stream().map(NexthopKey::gateway).toList(), now);
                created.forEach((i, id) -> {
                    NexthopKey key = absent.get(i);
                    known.put(key, id);
                    service.publish(new NhopCreated(vnetId, id, key.ifIndex(), key.ifName(), key.gateway()), null);
                });
            }
        }
        routes.insertAll(pending.stream().map(p -> new Route(vnetId, p.route().fib(), p.route().destination(),
                known.get(p.nexthop()), RouteKind.STATIC, null, now)).toList());
    }

    private static RouteLoad.Refused refusal(int position, RouteSpec spec, Rejected why) {
        return new RouteLoad.Refused(position, spec.destination(), why.field(), why.getMessage());
    }
}

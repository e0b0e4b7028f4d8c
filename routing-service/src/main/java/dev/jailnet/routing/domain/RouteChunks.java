package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.messaging.VnetLocks;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.store.RouteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One chunk of a {@link RouteLoad}: the same checks as a single {@code route add}, at the cost of a few
 * statements per chunk rather than several per route. Whether a destination exists is asked once for the
 * chunk, a gateway is resolved once per chunk and a nexthop found once, and the routes are inserted in one
 * statement; the subscribers hear of the chunk once per RIB.
 */
@ApplicationScoped
public class RouteChunks {

    private final RouteService service;
    private final RouteRepository routes;
    private final VnetLocks locks;

    public RouteChunks(RouteService service, RouteRepository routes, VnetLocks locks) {
        this.service = service;
        this.routes = routes;
        this.locks = locks;
    }

    private record Rib(int fib, IpFamily family) {
    }

    private record Egress(int fib, String gateway, String interfaceName) {
    }

    private record NexthopKey(int fib, IpFamily family, int ifIndex, String gateway) {
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
                wanted.add(service.parse(chunk.get(i)));
                positions.add(first + i);
            } catch (Rejected refusal) {
                refused.add(refusal(first + i, chunk.get(i), refusal));
            }
        }
        Set<Integer> existing = routes.existing(vnetId, wanted.stream().map(RouteService.StaticRoute::fib).toList(),
                wanted.stream().map(RouteService.StaticRoute::destination).toList());
        Set<String> taken = new HashSet<>();
        Map<Egress, Object> egresses = new HashMap<>();
        Map<NexthopKey, Nexthop> nexthops = new HashMap<>();
        Set<Rib> changed = new LinkedHashSet<>();
        List<Route> pending = new ArrayList<>();
        Instant now = Instant.now();
        for (int k = 0; k < wanted.size(); k++) {
            RouteService.StaticRoute route = wanted.get(k);
            int position = positions.get(k);
            String destinationKey = route.fib() + " " + route.destination().toCidr();
            try {
                if (existing.contains(k) || taken.contains(destinationKey)) {
                    throw RouteService.exists(vnetId, route);
                }
                RtIfnet egress = egress(vnetId, route, egresses);
                IpFamily family = route.destination().family();
                Nexthop nexthop = nexthops.computeIfAbsent(new NexthopKey(route.fib(), family, egress.ifIndex(),
                        route.gatewayText()), key -> service.nexthop(vnetId, key.fib(), family, egress, key.gateway(),
                        null));
                pending.add(new Route(vnetId, route.fib(), route.destination(), nexthop.id(), RouteKind.STATIC, null,
                        now));
                taken.add(destinationKey);
                changed.add(new Rib(route.fib(), family));
                if (route.gateway() == null) {
                    // an interface route makes its prefix directly reachable for the gateways of the routes after it
                    routes.insertAll(pending);
                    pending.clear();
                    egresses.clear();
                }
            } catch (Rejected refusal) {
                refused.add(refusal(position, chunk.get(position - first), refusal));
            }
        }
        routes.insertAll(pending);
        changed.forEach(rib -> service.notifySubscribers(vnetId, rib.fib(), rib.family(), "*", "ADD", null));
        refused.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return refused;
    }

    /** The egress of a route, or the refusal of its gateway, found once per gateway of the chunk. */
    private RtIfnet egress(String vnetId, RouteService.StaticRoute route, Map<Egress, Object> known) {
        Object egress = known.computeIfAbsent(new Egress(route.fib(), route.gatewayText(), route.interfaceName()),
                key -> {
                    try {
                        return service.egress(vnetId, route);
                    } catch (Rejected refusal) {
                        return refusal;
                    }
                });
        if (egress instanceof Rejected refusal) {
            throw refusal;
        }
        return (RtIfnet) egress;
    }

    private static RouteLoad.Refused refusal(int position, RouteSpec spec, Rejected why) {
        return new RouteLoad.Refused(position, spec.destination(), why.field(), why.getMessage());
    }
}

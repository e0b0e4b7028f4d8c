package dev.jailnet.routing.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.PrefixRouteHeir;
import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NewAddrMsg;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.RibChanged.Change;
import dev.jailnet.events.route.RibChanged;
import dev.jailnet.messaging.LayerVnet;
import dev.jailnet.messaging.NetTunables;
import dev.jailnet.messaging.Outbox;
import dev.jailnet.messaging.VnetLocks;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.store.NexthopRepository;
import dev.jailnet.routing.store.RouteRepository;
import dev.jailnet.routing.store.RoutingVnetRepository;
import dev.jailnet.routing.store.RtIfnetRepository;
import dev.jailnet.routing.store.SubscriptionRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Routes and nexthops: {@code route add}/{@code delete}, the connected and local routes of addresses,
 * the flush when an interface leaves, lookups, and the reference counting of nexthops (routes plus the
 * tunnels that hold them), which frees a nexthop, and its interface reference, with its last holder.
 */
@ApplicationScoped
public class RouteService {

    private static final Logger LOG = Logger.getLogger(RouteService.class);
    public static final String LOOPBACK = "lo0";

    private final RoutingVnetRepository vnets;
    private final RtIfnetRepository interfaces;
    private final NexthopRepository nexthops;
    private final RouteRepository routes;
    private final SubscriptionRepository subscriptions;
    private final Outbox outbox;
    private final VnetLocks locks;
    private final NetTunables tunables;

    public RouteService(RoutingVnetRepository vnets, RtIfnetRepository interfaces,
                        NexthopRepository nexthops, RouteRepository routes, SubscriptionRepository subscriptions,
                        Outbox outbox, VnetLocks locks, NetTunables tunables) {
        this.vnets = vnets;
        this.interfaces = interfaces;
        this.nexthops = nexthops;
        this.routes = routes;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.locks = locks;
        this.tunables = tunables;
    }

    /** A route just added, with its nexthop: all an answer shows, read in the transaction that added it. */
    public record Added(Route route, Nexthop nexthop) {
    }

    /**
     * {@code route add [-net] DESTINATION GATEWAY [-interface IF]} in one fib. Returns what the answer shows:
     * read after the commit, a failure would deny a change that was made. The hottest write of the layer (an
     * operator's table is many of them): under the VNET's lock, one statement answers every question it asks
     * ({@link RouteRepository#planAdd}) and adds the route when its nexthop exists; a route with a new nexthop
     * takes two more. The answers below are this method's, whether the plan added the route or not: a refusal
     * rolls the addition back with the transaction.
     */
    @Transactional
    public Added add(String vnetId, RouteSpec spec) {
        Planned planned = planned(vnetId, spec);
        StaticRoute wanted = planned.wanted();
        RouteRepository.AddPlan plan = planned.plan();
        if (plan.taken()) {
            throw exists(vnetId, wanted);
        }
        Nexthop nexthop = nexthop(vnetId, planned);
        Route route = new Route(vnetId, wanted.fib(), wanted.destination(), nexthop.id(), RouteKind.STATIC, null,
                planned.now());
        if (!plan.added()) {
            routes.insertAll(List.of(route));
        }
        if (!plan.subscribers().isEmpty()) {
            publish(new RibChanged(vnetId, wanted.fib(), wanted.destination().family(),
                    wanted.destination().toString(), Change.ADD, plan.subscribers()), null);
        }
        return new Added(route, nexthop);
    }

    /**
     * {@code route change DESTINATION GATEWAY [-interface IF]} ({@code RTM_CHANGE}) in one fib: the route keeps its
     * destination and goes through the gateway or interface given, resolved as {@code route add} resolves them; the
     * nexthop it used is freed with its last holder, and the RIB's subscribers are told, so that a tunnel whose cache
     * it was resolves again. Changing a route to where it goes already changes nothing. An address's own routes are
     * pinned: they change with the address, not by route(8).
     */
    @Transactional
    public Added change(String vnetId, RouteSpec spec) {
        Planned planned = planned(vnetId, spec);
        StaticRoute wanted = planned.wanted();
        if (!planned.plan().taken()) {
            // the plan added the route if its nexthop exists: the refusal rolls that back with the transaction
            throw Rejected.notFound("destination", "no route to " + wanted.shownDestination() + " in fib "
                    + wanted.fib() + " of " + vnetId);
        }
        Route route = routes.find(vnetId, wanted.fib(), wanted.destination()).orElseThrow();
        requireStatic(route, wanted.shownDestination(), "changes");
        Nexthop nexthop = nexthop(vnetId, planned);
        long before = route.nhopId();
        if (nexthop.id() != before) {
            route.useNexthop(nexthop.id());
            releaseIfUnreferenced(before, null);
            notifySubscribers(vnetId, wanted.fib(), wanted.destination().family(), wanted.destination().toString(),
                    Change.CHANGE, null);
        }
        return new Added(route, nexthop);
    }

    /** A route as {@code route add} or {@code route change} asked for it, and its plan, read at {@code now}. */
    private record Planned(StaticRoute wanted, RouteRepository.AddPlan plan, Instant now) {
    }

    /** Under the VNET's lock: the request read and planned in one statement, the VNET ALIVE. */
    private Planned planned(String vnetId, RouteSpec spec) {
        locks.lock(vnetId);
        StaticRoute wanted;
        try {
            wanted = parse(vnetId, spec);
        } catch (Rejected invalid) {
            // a VNET that cannot take the route is what the answer names first, as before it was parsed
            requireAlive(vnetId);
            throw invalid;
        }
        Instant now = Instant.now();
        RouteRepository.AddPlan plan = routes.planAdd(vnetId, wanted.fib(), wanted.destination(), wanted.gateway(),
                wanted.interfaceName(), now);
        requireAlive(vnetId, plan.vnetState());
        return new Planned(wanted, plan, now);
    }

    /** The nexthop that leaves the way the route asks: the one that does already, else one made for it. */
    private Nexthop nexthop(String vnetId, Planned planned) {
        StaticRoute wanted = planned.wanted();
        RouteRepository.AddPlan plan = planned.plan();
        RtIfnet egress = wanted.gateway() != null ? egress(vnetId, wanted, plan.gatewayReach())
                : Optional.ofNullable(plan.named()).orElseThrow(() -> noInterface(vnetId, wanted.interfaceName()));
        return plan.nexthop() != null ? plan.nexthop()
                : created(vnetId, wanted.fib(), wanted.destination().family(), egress, wanted.gatewayText(),
                        planned.now());
    }

    /** An address's routes are pinned ({@code RTF_PINNED}): they go and change with the address, not by route(8). */
    private static void requireStatic(Route route, String destination, String what) {
        if (route.kind() != RouteKind.STATIC) {
            throw Rejected.conflict("destination", "the route to " + destination + " is an address's own ("
                    + route.kind().name().toLowerCase(Locale.ROOT) + "); it " + what + " when the address does"
                    + " (EADDRINUSE)");
        }
    }

    /** A nexthop no route used yet, made in one statement and announced, as a bulk load makes its new ones. */
    private Nexthop created(String vnetId, int fib, IpFamily family, RtIfnet egress, String gateway, Instant now) {
        long id = created(vnetId, fib, family, List.of(egress), gateway, now, null).get(0);
        return new Nexthop(id, vnetId, fib, family, egress.ifIndex(), egress.name(), gateway, now);
    }

    /** Nexthops no route used yet, one per egress with the same gateway, made in one statement and announced. */
    private List<Long> created(String vnetId, int fib, IpFamily family, List<RtIfnet> egresses, String gateway,
                               Instant now, Envelope cause) {
        if (egresses.isEmpty()) {
            return List.of();
        }
        int count = egresses.size();
        Map<Integer, Long> ids = nexthops.insertAll(vnetId, Collections.nCopies(count, fib),
                Collections.nCopies(count, family), egresses.stream().map(RtIfnet::ifIndex).toList(),
                egresses.stream().map(RtIfnet::name).toList(), Collections.nCopies(count, gateway), now);
        List<Long> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            RtIfnet egress = egresses.get(i);
            made.add(ids.get(i));
            publish(new NhopCreated(vnetId, ids.get(i), egress.ifIndex(), egress.name(), gateway), cause);
        }
        return made;
    }

    /**
     * A static route as {@code route add} understood it: its destination and where it goes, and the names of the
     * links a link-local destination or gateway is on (null for any other), to write them as the user did.
     */
    record StaticRoute(int fib, IpPrefix destination, IpAddress gateway, String interfaceName, String destinationZone,
                       String gatewayZone) {

        String gatewayText() {
            return gateway == null ? null : gateway.toString();
        }

        /** {@code fe80::%epair0b/64}, {@code 10.0.0.0/16}: as messages name it. */
        String shownDestination() {
            return LinkScope.show(destination, index -> destinationZone);
        }

        String shownGateway() {
            return gateway == null ? null : LinkScope.show(gateway, index -> gatewayZone);
        }
    }

    /**
     * Reads a {@code route add} request as the kernel does, refusing what it would refuse (EINVAL). A link-local
     * destination or gateway names its link ({@code fe80::1%epair0b}, or {@code -interface}) and is kept with that
     * zone embedded ({@link LinkScope}).
     */
    StaticRoute parse(String vnetId, RouteSpec spec) {
        tunables.existingFib(spec.fib());
        LinkScope.Read<IpAddress> gateway = spec.gateway() == null ? null
                : scoped(vnetId, "gateway", spec.gateway(), spec.interfaceName(), LinkScope::readAddress);
        if (spec.destination() == null) {
            throw Rejected.invalid("destination", "the destination is required");
        }
        LinkScope.Read<IpPrefix> destination = "default".equals(spec.destination())
                ? new LinkScope.Read<>(IpPrefix.defaultRoute(gateway == null ? IpFamily.INET
                : gateway.value().family()), null)
                : scopedPrefix(vnetId, spec.destination(), spec.interfaceName());
        IpFamily family = destination.value().family();
        if (gateway != null && gateway.value().family() != family) {
            throw Rejected.invalid("gateway", "gateway " + spec.gateway() + " is " + name(gateway.value().family())
                    + " but destination " + spec.destination() + " is " + name(family));
        }
        if (gateway == null && spec.interfaceName() == null) {
            throw Rejected.invalid("gateway", "a gateway or an interface is required");
        }
        return new StaticRoute(spec.fib(), destination.value(), gateway == null ? null : gateway.value(),
                spec.interfaceName(), link(destination.value().network(), destination, spec.interfaceName()),
                gateway == null ? null : link(gateway.value(), gateway, spec.interfaceName()));
    }

    /** The link a link-local address was put on, by name: the zone written after its '%', else the interface. */
    private static String link(IpAddress address, LinkScope.Read<?> read, String interfaceName) {
        if (!LinkScope.isLinkLocal(address)) {
            return null;
        }
        return read.zone() != null ? read.zone() : interfaceName;
    }

    /** A destination as written, a link-local one in its zone: {@code fe80::%epair0b/64}. */
    private LinkScope.Read<IpPrefix> scopedPrefix(String vnetId, String text, String interfaceName) {
        LinkScope.Read<IpPrefix> read = scoped(vnetId, "destination", text, interfaceName, LinkScope::readPrefix);
        IpPrefix prefix = read.value();
        if (LinkScope.isLinkLocal(prefix.network()) && prefix.length() < LinkScope.MIN_PREFIX_LENGTH) {
            throw Rejected.invalid("destination", "a link-local destination is on one link: its prefix is "
                    + LinkScope.MIN_PREFIX_LENGTH + " bits or longer, not " + prefix.length());
        }
        return read;
    }

    /**
     * An address or prefix as written, with its zone when it is link-local: the one after '%', else the interface
     * named beside it; a link-local one with neither is refused, as the kernel refuses a link-local address
     * without a scope (EINVAL), and a zone on any other address is refused too.
     */
    private <T> LinkScope.Read<T> scoped(String vnetId, String field, String text, String interfaceName,
                                         LinkScope.Reader<T> reader) {
        return parse(field, () -> reader.read(text, zone -> {
            if (zone != null && interfaceName != null && !zone.equals(interfaceName)) {
                throw Rejected.invalid("interface", text + " is on the link of " + zone + ", not of " + interfaceName);
            }
            String link = zone != null ? zone : interfaceName;
            if (link == null) {
                throw Rejected.invalid(field, text + " is link-local: name its link after '%' (as in"
                        + " fe80::1%epair0b) or by interface (EINVAL)");
            }
            return interfaces.byName(vnetId, link).orElseThrow(() -> Rejected.invalid(field, "no interface " + link
                    + " in " + vnetId + " for the zone of " + text)).ifIndex();
        }));
    }

    /** The name a link-local zone is written with: its interface's, or its index once the interface has left. */
    @Transactional
    public String zoneName(String vnetId, int ifIndex) {
        return interfaces.findByIdOptional(new RtIfnet.Key(vnetId, ifIndex)).map(RtIfnet::name)
                .orElse(Integer.toString(ifIndex));
    }

    static Rejected exists(String vnetId, StaticRoute route) {
        return Rejected.conflict("destination", "route to " + route.shownDestination() + " already in fib " + route.fib()
                + " of " + vnetId + " (EEXIST)");
    }

    /**
     * The interface a route leaves by: the one of the connected network its gateway is on, or the one named
     * for an interface route.
     */
    RtIfnet egress(String vnetId, StaticRoute route) {
        if (route.gateway() == null) {
            return interfaces.byName(vnetId, route.interfaceName())
                    .orElseThrow(() -> noInterface(vnetId, route.interfaceName()));
        }
        return egress(vnetId, route, routes.reaching(vnetId, List.of(route.fib()), List.of(route.gateway())).get(0));
    }

    private static Rejected noInterface(String vnetId, String name) {
        return Rejected.invalid("interface", "no interface " + name + " in " + vnetId);
    }

    /**
     * The egress of a route through a gateway, from how the gateway is reached ({@code null}: it is not),
     * refused as {@code route add} refuses it.
     */
    static RtIfnet egress(String vnetId, StaticRoute route, RouteRepository.Reach reach) {
        String gateway = route.shownGateway();
        if (reach == null) {
            throw Rejected.invalid("gateway", "gateway " + gateway + " is unreachable: no route to it in fib "
                    + route.fib() + " of " + vnetId);
        }
        if (reach.gateway() != null) {
            throw Rejected.invalid("gateway", "gateway " + gateway + " is not on a connected network (its route "
                    + reach.destination() + " goes via " + reach.gateway() + ")");
        }
        if (reach.ifName() == null) {
            throw Rejected.invalid("gateway", "gateway " + gateway + " is reached through an interface that has left "
                    + vnetId);
        }
        if (route.interfaceName() != null && !route.interfaceName().equals(reach.ifName())) {
            throw Rejected.invalid("interface", "gateway " + gateway + " is reached through " + reach.ifName()
                    + ", not " + route.interfaceName());
        }
        return new RtIfnet(vnetId, reach.ifIndex(), reach.ifName());
    }

    /** {@code route delete DESTINATION} in one fib. */
    @Transactional
    public void delete(String vnetId, String destinationText, int fib) {
        locks.lock(vnetId);
        requireKnown(vnetId);
        tunables.existingFib(fib);
        if (destinationText == null) {
            throw Rejected.invalid("destination", "the destination to delete is required");
        }
        IpPrefix destination = "default".equals(destinationText)
                ? IpPrefix.defaultRoute(IpFamily.INET)
                : scoped(vnetId, "destination", destinationText, null, LinkScope::readPrefix).value();
        Route route = routes.find(vnetId, fib, destination).orElseThrow(() -> Rejected.notFound("destination",
                "no route to " + destinationText + " in fib " + fib + " of " + vnetId));
        requireStatic(route, destinationText, "goes");
        routes.delete(route);
        releaseIfUnreferenced(route.nhopId(), null);
        notifySubscribers(vnetId, fib, destination.family(), destination.toString(), Change.DELETE, null);
    }

    /** A page of routes with the nexthops they resolve to, by id: read together, not one nexthop per route. */
    public record Listed(List<Route> routes, Map<Long, Nexthop> nexthops) {
    }

    /** With {@code nhopId}, only the routes that resolve to that nexthop: its route holders, a page at a time. */
    @Transactional
    public Listed list(String vnetId, Integer fib, IpFamily family, Long nhopId, RouteRepository.After after,
                       int count) {
        requireKnown(vnetId);
        if (fib != null) {
            tunables.existingFib(fib);
        }
        List<Route> page = nhopId == null ? routes.list(vnetId, fib, family, after, count)
                : throughNexthop(vnetId, fib, family, nhopId, after, count);
        Map<Long, Nexthop> used = new HashMap<>();
        nexthops.byIds(page.stream().map(Route::nhopId).distinct().toList()).forEach(n -> used.put(n.id(), n));
        return new Listed(page, used);
    }

    /**
     * The routes of the VNET through a nexthop, in {@code netstat -rn} order: by destination, since a nexthop has one
     * fib and one family. None when the VNET has no such nexthop (freed, or another VNET's) or {@code fib} or
     * {@code family} is not the nexthop's.
     */
    private List<Route> throughNexthop(String vnetId, Integer fib, IpFamily family, long nhopId,
                                       RouteRepository.After after, int count) {
        Nexthop nexthop = nexthops.findById(nhopId);
        if (nexthop == null || !nexthop.vnetId().equals(vnetId) || (fib != null && fib != nexthop.fib())
                || (family != null && family != nexthop.family())) {
            return List.of();
        }
        IpPrefix afterDestination = null;
        if (after != null) {
            int order = after.fib() != nexthop.fib() ? Integer.compare(after.fib(), nexthop.fib())
                    : after.family().name().compareTo(nexthop.family().name());
            if (order > 0) {
                return List.of();
            }
            afterDestination = order == 0 ? after.destination() : null;
        }
        return routes.usingNexthop(nhopId, afterDestination, count);
    }

    /** {@code fib4_lookup}/{@code fib6_lookup}. */
    @Transactional
    public Optional<Route> lookup(String vnetId, String addressText, int fib) {
        requireKnown(vnetId);
        tunables.existingFib(fib);
        if (addressText == null) {
            throw Rejected.invalid("destination", "the address to look up is required");
        }
        return lookup(vnetId, fib, scoped(vnetId, "destination", addressText, null, LinkScope::readAddress).value());
    }

    Optional<Route> lookup(String vnetId, int fib, IpAddress address) {
        return LongestMatch.best(routes.containing(vnetId, fib, address), fib, address);
    }

    /**
     * How many of each kind hold a nexthop, and the first few of each ({@link #HOLDERS_SHOWN}): a nexthop that a
     * full table resolves to has a million routes, which its page must not carry.
     */
    public record Holders(List<Route> routes, long routeCount, List<RibSubscription> tunnels, long tunnelCount) {

        public long refcount() {
            return routeCount + tunnelCount;
        }

        public boolean complete() {
            return routes.size() == routeCount && tunnels.size() == tunnelCount;
        }
    }

    /** A page of nexthops with their holders: read together, four statements for the page, not some per nexthop. */
    public record NexthopsListed(List<Nexthop> nexthops, Map<Long, Holders> holders) {

        public Holders holdersOf(Nexthop nexthop) {
            return holders.get(nexthop.id());
        }
    }

    /** Of each kind of holder, how many a nexthop's page shows: the rest is a filtered list of routes or tunnels. */
    public static final int HOLDERS_SHOWN = 8;

    @Transactional
    public NexthopsListed nexthops(String vnetId, long afterId, int count) {
        requireKnown(vnetId);
        List<Nexthop> page = nexthops.inVnet(vnetId, afterId, count);
        List<Long> ids = page.stream().map(Nexthop::id).toList();
        Map<Long, List<Route>> shownRoutes = routes.firstUsingEach(ids, HOLDERS_SHOWN).stream()
                .collect(Collectors.groupingBy(Route::nhopId));
        Map<Long, Long> routeCounts = routes.countUsingEach(ids);
        Map<Long, List<RibSubscription>> shownTunnels = subscriptions.firstHoldingEach(ids, HOLDERS_SHOWN).stream()
                .collect(Collectors.groupingBy(t -> t.heldNhopId().orElseThrow()));
        Map<Long, Long> tunnelCounts = subscriptions.countHoldingEach(ids);
        Map<Long, Holders> holders = new HashMap<>();
        ids.forEach(id -> holders.put(id, new Holders(shownRoutes.getOrDefault(id, List.of()),
                routeCounts.getOrDefault(id, 0L), shownTunnels.getOrDefault(id, List.of()),
                tunnelCounts.getOrDefault(id, 0L))));
        return new NexthopsListed(page, holders);
    }

    @Transactional
    public Nexthop nexthop(long id) {
        return nexthops.findById(id);
    }

    /** An interface appeared in a VNET ({@code ifnet_arrival_event}). */
    @Transactional
    public void interfaceArrived(String vnetId, int ifIndex, String name) {
        interfaces.arrived(vnetId, ifIndex, name);
    }

    /**
     * An interface left a VNET ({@code ifnet_departure_event}): every route through it, or brought by its
     * addresses, goes ({@code rt_flushifroutes}); nexthops still held by tunnels stay until the tunnels move.
     * The addresses that take over the prefix routes its addresses held bring them back ({@code in_scrubprefix}).
     * When the interface layer keeps a tombstone of it ({@code awaitsDetach}), it is told routing forgot it; a move
     * or an interface freed outright waits for nothing, and is not answered.
     */
    @Transactional
    public void interfaceDeparted(String vnetId, int ifIndex, String name, boolean awaitsDetach,
                                  List<PrefixRouteHeir> heirs, Envelope cause) {
        if (interfaces.departed(vnetId, ifIndex)) {
            flushRoutesThrough(vnetId, ifIndex, cause);
            heirs.forEach(heir -> bringRoutes(vnetId, heir.ifIndex(), heir.ifName(), heir.address(),
                    heir.prefixLength(), cause));
        }
        if (awaitsDetach) {
            publish(new IfnetDetached(vnetId, ifIndex, name), cause);
        }
    }

    /**
     * The routes through a departing interface go, and the nexthops they leave unreferenced are freed. Not in a
     * VNET shutting down: RIB_FLUSH deletes all its routes and frees all its nexthops at once, and nothing new
     * comes after the freeze; its interfaces leave in IFNET_DETACH, and a search per interface of a table whose
     * million routes were just deleted would cost more than the whole flush. Nor in a VNET routing no longer
     * knows: {@code rtables_destroy} destroyed it with no route left, and the departures of IFNET_DETACH often
     * arrive after it.
     */
    private void flushRoutesThrough(String vnetId, int ifIndex, Envelope cause) {
        List<Route> through = routes.throughInterface(vnetId, ifIndex);
        Set<Long> released = new LinkedHashSet<>();
        Set<RibId> changedRibs = new LinkedHashSet<>();
        for (Route route : through) {
            routes.delete(route);
            released.add(route.nhopId());
            changedRibs.add(new RibId(route.fib(), route.family()));
        }
        routes.flush();
        released.forEach(id -> releaseIfUnreferenced(id, cause));
        changedRibs.forEach(rib -> notifySubscribers(vnetId, rib.fib(), rib.family(), "*", Change.FLUSH, cause));
    }

    /** An address brings its network's connected route and a local host route through {@code lo0}. */
    @Transactional
    public void addressAdded(String vnetId, int ifIndex, String ifName, String addressText, int length, Envelope cause) {
        if (bringRoutes(vnetId, ifIndex, ifName, addressText, length, cause)) {
            publish(new NewAddrMsg(vnetId, ifIndex, IpAddress.parse(addressText).toString(), length), cause);
        }
    }

    /**
     * Adds the routes an address brings: its network's connected route unless another address of that network brought
     * it, its local route unless it is there; either takes the place of a static route to its prefix. False when the
     * VNET cannot take them.
     */
    private boolean bringRoutes(String vnetId, int ifIndex, String ifName, String addressText, int length,
                                Envelope cause) {
        IpAddress address = IpAddress.parse(addressText);
        IpFamily family = address.family();
        IpPrefix network = IpPrefix.of(address, length);
        IpPrefix host = IpPrefix.of(address, family.bits());
        int fib = 0;
        RouteRepository.AddressPlan plan = routes.planAddress(vnetId, fib, family, ifIndex, network, host, LOOPBACK);
        if (plan.vnetState() == null) {
            // vnet_rtables_init makes a VNET's row and its RIBs together
            LOG.warnf("address %s on %s: %s has no %s routing table; no routes added", address, ifName, vnetId,
                    name(family));
            return false;
        }
        if (!LayerVnet.State.ALIVE.name().equals(plan.vnetState())) {
            LOG.infof("address %s on %s ignored: %s is shutting down", addressText, ifName, vnetId);
            return false;
        }
        if (plan.ifName() == null) {
            interfaces.persist(new RtIfnet(vnetId, ifIndex, ifName));
        }
        RtIfnet ifp = new RtIfnet(vnetId, ifIndex, plan.ifName() == null ? ifName : plan.ifName());
        // an address's routes are pinned (RTF_PINNED): they take the place of a static route to the same prefix
        boolean connected = !network.isHost()
                && (plan.networkRoute() == null || plan.networkRoute() == RouteKind.STATIC);
        boolean local = plan.loopback() != null
                && (plan.hostRoute() == null || plan.hostRoute() == RouteKind.STATIC);
        List<Route> replaced = new ArrayList<>();
        if (connected && plan.networkRoute() != null) {
            routes.find(vnetId, fib, network).ifPresent(replaced::add);
        }
        if (local && plan.hostRoute() != null) {
            routes.find(vnetId, fib, host).ifPresent(replaced::add);
        }
        if (!replaced.isEmpty()) {
            replaced.forEach(routes::delete);
            routes.flush();
        }
        // each egress's nexthop without gateway, shared with every route that leaves the same way (lo0 can be both)
        Map<Integer, Long> nexthopOf = new HashMap<>();
        List<RtIfnet> missing = new ArrayList<>();
        if (connected) {
            want(ifp, plan.direct(), nexthopOf, missing);
        }
        if (local) {
            want(plan.loopback(), plan.local(), nexthopOf, missing);
        }
        Instant now = Instant.now();
        List<Long> made = created(vnetId, fib, family, missing, null, now, cause);
        for (int i = 0; i < missing.size(); i++) {
            nexthopOf.put(missing.get(i).ifIndex(), made.get(i));
        }
        List<Route> brought = new ArrayList<>();
        if (connected) {
            brought.add(new Route(vnetId, fib, network, nexthopOf.get(ifIndex), RouteKind.CONNECTED, ifIndex, now));
        }
        if (local) {
            brought.add(new Route(vnetId, fib, host, nexthopOf.get(plan.loopback().ifIndex()), RouteKind.LOCAL,
                    ifIndex, now));
        }
        routes.insertAll(brought);
        replaced.stream().map(Route::nhopId).distinct().forEach(id -> releaseIfUnreferenced(id, cause));
        if (!plan.subscribers().isEmpty()) {
            publish(new RibChanged(vnetId, fib, family, network.toString(), Change.ADD, plan.subscribers()), cause);
        }
        return true;
    }

    /** Records the nexthop an egress has, or that it needs one made (once, however many routes leave by it). */
    private static void want(RtIfnet egress, Long existing, Map<Integer, Long> nexthopOf, List<RtIfnet> missing) {
        if (existing != null) {
            nexthopOf.put(egress.ifIndex(), existing);
        } else if (missing.stream().noneMatch(m -> m.ifIndex() == egress.ifIndex())) {
            missing.add(egress);
        }
    }

    /**
     * An address left its interface ({@code in_control(SIOCDIFADDR)}): its local route goes; so does its network's
     * prefix route if the address held it, unless the next address of the network takes it over ({@code
     * in_scrubprefix}). An IPv4 address that held it takes with it every route through it, static ones too ({@code
     * in_ifadown}): the routes through a gateway on its network, in any FIB.
     */
    @Transactional
    public void addressRemoved(String vnetId, int ifIndex, String addressText, int length, boolean heldPrefixRoute,
                               PrefixRouteHeir heir, Envelope cause) {
        IpAddress address = IpAddress.parse(addressText);
        IpPrefix network = IpPrefix.of(address, length);
        IpPrefix host = IpPrefix.of(address, address.family().bits());
        List<Route> gone = new ArrayList<>(routes.fromAddress(vnetId, ifIndex, heldPrefixRoute ? network : host, host));
        if (heldPrefixRoute && address.family() == IpFamily.INET) {
            gone.addAll(routes.throughAddress(vnetId, ifIndex, network));
        }
        gone.forEach(routes::delete);
        routes.flush();
        if (heldPrefixRoute && heir != null && !network.isHost()) {
            bringRoutes(vnetId, heir.ifIndex(), heir.ifName(), heir.address(), heir.prefixLength(), cause);
        }
        gone.stream().map(Route::nhopId).distinct().forEach(id -> releaseIfUnreferenced(id, cause));
        gone.stream().map(route -> new RibId(route.fib(), route.family())).distinct().forEach(rib ->
                notifySubscribers(vnetId, rib.fib(), rib.family(), network.toString(), Change.DELETE, cause));
    }

    /** Frees a nexthop whose last holder went, and with it the nexthop's reference on its interface. */
    void releaseIfUnreferenced(long nhopId, Envelope cause) {
        routes.flush();
        if (nexthops.isHeld(nhopId)) {
            return;
        }
        nexthops.findByIdOptional(nhopId).ifPresent(nexthop -> {
            nexthops.delete(nexthop);
            publish(new NhopFreed(nexthop.vnetId(), nexthop.id(), nexthop.ifIndex()), cause);
        });
    }

    /** Tells the RIB's subscribers that it changed ({@code rib_subscribe}'s callback, over Kafka). */
    void notifySubscribers(String vnetId, int fib, IpFamily family, String destination, Change change,
                           Envelope cause) {
        List<Integer> subscribers = subscriptions.inRib(vnetId, fib, family).stream()
                .map(RibSubscription::subscriberIfIndex).toList();
        if (!subscribers.isEmpty()) {
            publish(new RibChanged(vnetId, fib, family, destination, change, subscribers), cause);
        }
    }

    void publish(Message message, Envelope cause) {
        outbox.reply(Topics.ROUTE_EVENTS, message, cause);
    }

    /** A VNET that {@code vnet_shutdown} froze: late events that would create something in it are ignored. */
    boolean frozen(String vnetId) {
        return vnets.findByIdOptional(vnetId).filter(v -> !v.isAlive()).isPresent();
    }

    private void requireKnown(String vnetId) {
        if (vnets.findByIdOptional(vnetId).isEmpty()) {
            throw Rejected.notFound("vnetId", "no VNET " + vnetId + " in the routing layer");
        }
    }

    void requireAlive(String vnetId) {
        requireAlive(vnetId, vnets.findByIdOptional(vnetId).map(vnet -> vnet.state().name()).orElse(null));
    }

    /** The same, from the VNET's state as read ({@code null}: routing does not know it). */
    private static void requireAlive(String vnetId, String state) {
        if (state == null) {
            throw Rejected.notFound("vnetId", "no VNET " + vnetId + " in the routing layer");
        }
        if (!LayerVnet.State.ALIVE.name().equals(state)) {
            throw Rejected.conflict("vnetId", vnetId + " is " + state + ", not ALIVE");
        }
    }

    private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid(field, e.getMessage());
        }
    }

    private static String name(IpFamily family) {
        return family.name().toLowerCase();
    }
}

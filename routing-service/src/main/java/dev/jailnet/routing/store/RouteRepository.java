package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.messaging.LayerVnet;
import dev.jailnet.routing.domain.Nexthop;
import dev.jailnet.routing.domain.Route;
import dev.jailnet.routing.domain.RouteKind;
import dev.jailnet.routing.domain.RtIfnet;
import dev.jailnet.problem.Rejected;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import java.util.Collection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.Session;

@ApplicationScoped
public class RouteRepository implements PanacheRepositoryBase<Route, Long> {

    /** A route's columns as every insert of routes writes them ({@link #insertAll}, {@link #planAdd}). */
    private static final String ROUTE_COLUMNS = "vnet_id, fib, family, destination, nhop_id, kind, origin_if_index,"
            + " created_at";

    /**
     * The prefixes that contain an address (an SQL expression), one per prefix length: a longest-prefix match
     * probes the RIB's unique index ({@code route_per_rib}: VNET, FIB, destination) once for each, 33 keys for
     * IPv4 and 129 for IPv6. Its cost depends on neither the size of the RIB nor the routes of other VNETs, where
     * a containment search ({@code >>=}) on an index of every VNET's prefixes met the same private prefixes in
     * every VNET, and a plan that intersected it with the VNET's rows read the whole VNET for each lookup.
     */
    private static String prefixesOf(String address) {
        return "array(select network(set_masklen(" + address + ", l)) from generate_series(0, case family(" + address
                + ") when 4 then 32 else 128 end) as l)";
    }

    /** The routes of one RIB whose prefix contains the address: at most one per prefix length. */
    @SuppressWarnings("unchecked")
    public List<Route> containing(String vnetId, int fib, IpAddress address) {
        return getEntityManager().createNativeQuery("""
                        select * from route
                        where vnet_id = ?1 and fib = ?2 and family = ?3 and destination = any (%s)"""
                                .formatted(prefixesOf("cast(?4 as inet)")),
                        Route.class)
                .setParameter(1, vnetId).setParameter(2, fib).setParameter(3, address.family().name())
                .setParameter(4, address.toString()).getResultList();
    }

    @SuppressWarnings("unchecked")
    public Optional<Route> find(String vnetId, int fib, IpPrefix destination) {
        List<Route> found = getEntityManager().createNativeQuery("""
                        select * from route where vnet_id = ?1 and fib = ?2 and destination = cast(?3 as cidr)""",
                        Route.class)
                .setParameter(1, vnetId).setParameter(2, fib).setParameter(3, destination.toCidr()).getResultList();
        return found.stream().findFirst();
    }

    /** Where a page of routes ends: {@code FIB/FAMILY/DESTINATION} of its last route, in {@code netstat -rn} order. */
    public record After(int fib, IpFamily family, IpPrefix destination) {

        /** Null when absent; 400 naming {@code cursor} when it is not one a page of routes gave out. */
        public static After parse(String cursor) {
            if (cursor == null || cursor.isEmpty()) {
                return null;
            }
            String[] parts = cursor.split("/", 3);
            try {
                return new After(Integer.parseInt(parts[0]), IpFamily.valueOf(parts[1]), IpPrefix.parse(parts[2]));
            } catch (RuntimeException e) {
                throw Rejected.invalid("cursor", "'" + cursor + "' is not a cursor this list gave out");
            }
        }

        public static String of(Route route) {
            return route.fib() + "/" + route.family() + "/" + route.destination().toCidr();
        }
    }

    /**
     * {@code netstat -rn}: in fib, family and destination order after {@code after}, at most {@code count}. A prefix
     * sorts by its family first (IPv4 before IPv6, as INET before INET6), so that order is the RIB's unique index
     * ({@code route_per_rib}: VNET, fib, destination), and a page starts where the last ended, however deep into a
     * million routes: ordered by family too, each page read and sorted the VNET's every route.
     */
    @SuppressWarnings("unchecked")
    public List<Route> list(String vnetId, Integer fib, IpFamily family, After after, int count) {
        StringBuilder sql = new StringBuilder("select * from route where vnet_id = :vnet");
        if (fib != null) {
            sql.append(" and fib = :fib");
        }
        if (family != null) {
            sql.append(" and family = :family");
        }
        if (after != null) {
            sql.append(" and (fib, destination) > (:afterFib, cast(:afterDestination as cidr))");
        }
        sql.append(" order by fib, destination limit :count");
        var query = getEntityManager().createNativeQuery(sql.toString(), Route.class).setParameter("vnet", vnetId)
                .setParameter("count", count);
        if (fib != null) {
            query.setParameter("fib", fib);
        }
        if (family != null) {
            query.setParameter("family", family.name());
        }
        if (after != null) {
            query.setParameter("afterFib", after.fib()).setParameter("afterDestination", after.destination().toCidr());
        }
        return query.getResultList();
    }

    /**
     * Of each of {@code nhopIds}, the first {@code each} routes that resolve to it, by destination (a nexthop has one
     * fib and one family), nexthop by nexthop: an index probe each, however many routes it has.
     */
    @SuppressWarnings("unchecked")
    public List<Route> firstUsingEach(Collection<Long> nhopIds, int each) {
        return nhopIds.isEmpty() ? List.of() : getEntityManager().createNativeQuery("""
                        select r.* from nhop n
                        cross join lateral (select * from route where nhop_id = n.id
                                            order by destination limit ?2) r
                        where n.id in (?1) order by n.id, r.destination""", Route.class)
                .setParameter(1, nhopIds).setParameter(2, each).getResultList();
    }

    /** How many routes resolve to each of {@code nhopIds} (absent: none). */
    public Map<Long, Long> countUsingEach(Collection<Long> nhopIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (!nhopIds.isEmpty()) {
            getEntityManager().createQuery("select nhopId, count(*) from Route where nhopId in ?1 group by nhopId",
                    Object[].class).setParameter(1, nhopIds).getResultList()
                    .forEach(row -> counts.put((Long) row[0], (Long) row[1]));
        }
        return counts;
    }

    /**
     * The routes that resolve to a nexthop, by destination after {@code afterDestination} (null: from the first), at
     * most {@code count}: the rest of its holders, a page at a time.
     */
    @SuppressWarnings("unchecked")
    public List<Route> usingNexthop(long nhopId, IpPrefix afterDestination, int count) {
        var query = getEntityManager().createNativeQuery("select * from route where nhop_id = :nhop"
                        + (afterDestination == null ? "" : " and destination > cast(:after as cidr)")
                        + " order by destination limit :count", Route.class)
                .setParameter("nhop", nhopId).setParameter("count", count);
        if (afterDestination != null) {
            query.setParameter("after", afterDestination.toCidr());
        }
        return query.getResultList();
    }

    /** Routes through an interface, or brought by one of its addresses. */
    @SuppressWarnings("unchecked")
    public List<Route> throughInterface(String vnetId, int ifIndex) {
        return getEntityManager().createNativeQuery("""
                        select r.* from route r join nhop n on n.id = r.nhop_id
                        where r.vnet_id = ?1 and (n.if_index = ?2 or r.origin_if_index = ?2)""", Route.class)
                .setParameter(1, vnetId).setParameter(2, ifIndex).getResultList();
    }

    /** The connected and local routes one address of an interface brought. */
    @SuppressWarnings("unchecked")
    public List<Route> fromAddress(String vnetId, int ifIndex, IpPrefix network, IpPrefix host) {
        return getEntityManager().createNativeQuery("""
                        select * from route where vnet_id = ?1 and origin_if_index = ?2
                        and destination in (cast(?3 as cidr), cast(?4 as cidr))""", Route.class)
                .setParameter(1, vnetId).setParameter(2, ifIndex).setParameter(3, network.toCidr())
                .setParameter(4, host.toCidr()).getResultList();
    }

    /**
     * The routes whose nexthop an address of {@code network} on the interface is the source of ({@code nh_ifa}): those
     * through a gateway on that network, in any FIB, unless a longer connected prefix of their FIB holds the gateway
     * (an address of that one is then their source).
     */
    @SuppressWarnings("unchecked")
    public List<Route> throughAddress(String vnetId, int ifIndex, IpPrefix network) {
        return getEntityManager().createNativeQuery("""
                        select r.* from route r join nhop n on n.id = r.nhop_id
                        where n.vnet_id = ?1 and n.if_index = ?2 and n.family = ?3 and n.gateway is not null
                        and cast(n.gateway as inet) <<= cast(?4 as cidr)
                        and not exists (select from route c where c.vnet_id = ?1 and c.fib = n.fib
                                        and c.kind = 'CONNECTED' and c.destination = any (array(
                                            select network(set_masklen(cast(n.gateway as inet), l))
                                            from generate_series(?5 + 1, masklen(cast(n.gateway as inet))) as l)))""",
                        Route.class)
                .setParameter(1, vnetId).setParameter(2, ifIndex).setParameter(3, network.family().name())
                .setParameter(4, network.toCidr()).setParameter(5, network.length()).getResultList();
    }

    /**
     * Of the destinations given (in pairs with their fibs), the positions of those that already have a route
     * in the VNET: one statement for a whole chunk of a bulk load.
     */
    public Set<Integer> existing(String vnetId, List<Integer> fibs, List<IpPrefix> destinations) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    select u.i - 1 from unnest(?::integer[], ?::cidr[]) with ordinality as u(fib, destination, i)
                    join route r on r.vnet_id = ? and r.fib = u.fib and r.destination = u.destination""")) {
                query.setArray(1, connection.createArrayOf("integer", fibs.toArray()));
                query.setArray(2, connection.createArrayOf("text", destinations.stream().map(IpPrefix::toCidr)
                        .toArray()));
                query.setString(3, vnetId);
                Set<Integer> found = new HashSet<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.add(rows.getInt(1));
                    }
                }
                return found;
            }
        });
    }

    /**
     * Inserts routes in one statement (the ORM cannot batch rows whose key the database generates); what the
     * session holds is flushed first, so the nexthops the routes use exist.
     */
    public void insertAll(List<Route> routes) {
        if (routes.isEmpty()) {
            return;
        }
        getEntityManager().flush();
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into route (%1$s)
                    select %1$s
                    from unnest(?::text[], ?::integer[], ?::text[], ?::cidr[], ?::bigint[], ?::text[], ?::integer[],
                                ?::timestamptz[])
                         as u(%1$s)""".formatted(ROUTE_COLUMNS))) {
                insert.setArray(1, connection.createArrayOf("text", routes.stream().map(Route::vnetId).toArray()));
                insert.setArray(2, connection.createArrayOf("integer", routes.stream().map(Route::fib).toArray()));
                insert.setArray(3, connection.createArrayOf("text", routes.stream().map(r -> r.family().name()).toArray()));
                insert.setArray(4, connection.createArrayOf("text", routes.stream().map(r -> r.destination().toCidr())
                        .toArray()));
                insert.setArray(5, connection.createArrayOf("bigint", routes.stream().map(Route::nhopId).toArray()));
                insert.setArray(6, connection.createArrayOf("text", routes.stream().map(r -> r.kind().name()).toArray()));
                insert.setArray(7, connection.createArrayOf("integer", routes.stream().map(r -> r.originIfIndex()
                        .orElse(null)).toArray()));
                insert.setArray(8, connection.createArrayOf("timestamptz", routes.stream().map(r -> Timestamp.from(
                        r.createdAt())).toArray()));
                insert.executeUpdate();
            }
        });
    }

    /**
     * How a route reaches an address: the most specific route containing it, its nexthop's gateway (none for a
     * connected network) and interface, and that interface's name if it is still in the VNET.
     */
    public record Reach(IpPrefix destination, String gateway, int ifIndex, String ifName) {
    }

    /**
     * How a gateway is reached (its VNET, fib and address as SQL expressions), as a subquery of at most one row
     * ({@code destination, gateway, if_index, if_name}): the longest-prefix match ({@link #prefixesOf}) among the
     * routes that are not an address's local route, its nexthop, and that interface's name if it is still in the
     * VNET. A gateway that is the VNET's own address is so on its network's interface, not on {@code lo0}, as the
     * kernel's {@code ifa_ifwithnet} finds it.
     */
    private static String reachOf(String vnetId, String fib, String address) {
        return """
                (select r.destination::text as destination, n.gateway, n.if_index, f.name as if_name
                 from (select destination, nhop_id from route
                       where vnet_id = %s and fib = %s and destination = any (%s) and kind <> 'LOCAL'
                       order by masklen(destination) desc limit 1) r
                 join nhop n on n.id = r.nhop_id
                 left join ifnet f on f.vnet_id = n.vnet_id and f.if_index = n.if_index)"""
                .formatted(vnetId, fib, prefixesOf(address));
    }

    /**
     * For each gateway (in pairs with its fib), how it is reached ({@link #reachOf}), by position; a gateway no route
     * contains has no entry. One statement for all.
     */
    public Map<Integer, Reach> reaching(String vnetId, List<Integer> fibs, List<IpAddress> addresses) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    select g.i - 1, r.destination, r.gateway, r.if_index, r.if_name
                    from unnest(?::integer[], ?::inet[]) with ordinality as g(fib, address, i)
                    cross join lateral %s r"""
                    .formatted(reachOf("?::text", "g.fib", "g.address")))) {
                query.setArray(1, connection.createArrayOf("integer", fibs.toArray()));
                query.setArray(2, connection.createArrayOf("text", addresses.stream().map(IpAddress::toString)
                        .toArray()));
                query.setString(3, vnetId);
                Map<Integer, Reach> reached = new HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        reached.put(rows.getInt(1), new Reach(IpPrefix.parse(rows.getString(2)), rows.getString(3),
                                rows.getInt(4), rows.getString(5)));
                    }
                }
                return reached;
            }
        });
    }

    /**
     * All that {@code route add} asks of the tables before it adds a route, read in one statement: the VNET's state
     * ({@code null}: routing does not know it), whether the destination has a route, how its gateway is reached
     * ({@link #reachOf}) or, without one, the interface it names, the nexthop that already leaves that way, and
     * the tunnels subscribed to the RIB; and whether the statement added the route ({@code added}).
     */
    public record AddPlan(String vnetState, boolean taken, Reach gatewayReach, RtIfnet named, Nexthop nexthop,
                          List<Integer> subscribers, boolean added) {
    }

    /**
     * {@code gateway} null for an interface route, which leaves by {@code interfaceName}. When the route's nexthop
     * exists already and nothing the plan reads refuses the route, the same statement adds it, as a static route
     * made at {@code now}: most routes of a table go through a gateway another route made the nexthop of. The
     * caller still answers from the plan as if it had not, and a refusal of its own rolls the addition back with
     * its transaction; without {@code added} it adds the route itself.
     */
    public AddPlan planAdd(String vnetId, int fib, IpPrefix destination, IpAddress gateway, String interfaceName,
                           Instant now) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    with asked as (select ?::text as vnet_id, ?::integer as fib, ?::cidr as destination,
                                          ?::text as family, ?::inet as gateway, ?::text as gateway_text,
                                          ?::text as if_name, ?::text as alive, ?::text as kind,
                                          ?::timestamptz as created_at),
                    plan as (select a.*, v.state,
                                    exists (select 1 from route r where r.vnet_id = a.vnet_id and r.fib = a.fib
                                                                 and r.destination = a.destination) as taken,
                                    g.destination as reach_destination, g.gateway as reach_gateway,
                                    g.if_index as reach_if_index, g.if_name as reach_if_name,
                                    named.if_index as named_if_index, named.name as named_name,
                                    h.id as nhop_id, h.if_index as nhop_if_index, h.if_name as nhop_if_name,
                                    h.created_at as nhop_created_at,
                                    array(select s.subscriber_if_index from rib_subscription s
                                          where s.vnet_id = a.vnet_id and s.fib = a.fib and s.family = a.family
                                          order by s.id) as subscribers
                             from asked a
                             left join vnet v on v.vnet_id = a.vnet_id
                             left join lateral %1$s g on a.gateway is not null
                             left join ifnet named on a.gateway is null and named.vnet_id = a.vnet_id
                                                  and named.name = a.if_name
                             left join nhop h on h.vnet_id = a.vnet_id and h.fib = a.fib and h.family = a.family
                                             and h.if_index = coalesce(g.if_index, named.if_index)
                                             and coalesce(h.gateway, '') = coalesce(a.gateway_text, '')),
                    added as (insert into route (%2$s)
                              select p.vnet_id, p.fib, p.family, p.destination, p.nhop_id, p.kind, null, p.created_at
                              from plan p
                              where p.state = p.alive and not p.taken and p.nhop_id is not null
                                and (p.gateway is null
                                     or (p.reach_gateway is null and p.reach_if_name is not null
                                         and (p.if_name is null or p.if_name = p.reach_if_name)))
                              returning 1)
                    select p.state, p.taken, p.reach_destination, p.reach_gateway, p.reach_if_index, p.reach_if_name,
                           p.named_if_index, p.named_name, p.nhop_id, p.nhop_if_index, p.nhop_if_name,
                           p.nhop_created_at, p.subscribers, exists (select 1 from added)
                    from plan p"""
                    .formatted(reachOf("a.vnet_id", "a.fib", "a.gateway"), ROUTE_COLUMNS))) {
                query.setString(1, vnetId);
                query.setInt(2, fib);
                query.setString(3, destination.toCidr());
                query.setString(4, destination.family().name());
                query.setString(5, gateway == null ? null : gateway.toString());
                query.setString(6, gateway == null ? null : gateway.toString());
                query.setString(7, interfaceName);
                query.setString(8, LayerVnet.State.ALIVE.name());
                query.setString(9, RouteKind.STATIC.name());
                query.setTimestamp(10, Timestamp.from(now));
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    int reachIndex = row.getInt(5);
                    Reach gatewayReach = row.wasNull() ? null : new Reach(IpPrefix.parse(row.getString(3)),
                            row.getString(4), reachIndex, row.getString(6));
                    int namedIndex = row.getInt(7);
                    RtIfnet named = row.wasNull() ? null : new RtIfnet(vnetId, namedIndex, row.getString(8));
                    long nhopId = row.getLong(9);
                    Nexthop nexthop = row.wasNull() ? null : new Nexthop(nhopId, vnetId, fib, destination.family(),
                            row.getInt(10), row.getString(11), gateway == null ? null : gateway.toString(),
                            row.getTimestamp(12).toInstant());
                    List<Integer> subscribers = List.of((Integer[]) row.getArray(13).getArray());
                    return new AddPlan(row.getString(1), row.getBoolean(2), gatewayReach, named, nexthop,
                            subscribers, row.getBoolean(14));
                }
            }
        });
    }

    /**
     * What an address's routes need, read together: the VNET's state (null when routing does not know it), the
     * interface's name if routing knows it there, the VNET's loopback, the kinds of the routes to the network and to
     * the host (null when there is none), the nexthops without gateway through the interface and through the loopback
     * (null when none), and the RIB's subscribers.
     */
    public record AddressPlan(String vnetState, String ifName, RtIfnet loopback, RouteKind networkRoute,
                              RouteKind hostRoute, Long direct, Long local, List<Integer> subscribers) {
    }

    /** One statement for {@code RTM_NEWADDR}'s routes, where looking each thing up alone took nine. */
    public AddressPlan planAddress(String vnetId, int fib, IpFamily family, int ifIndex, IpPrefix network,
                                   IpPrefix host, String loopback) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    with asked as (select ?::text as vnet_id, ?::integer as fib, ?::text as family,
                                          ?::integer as if_index, ?::cidr as network, ?::cidr as host,
                                          ?::text as loopback)
                    select v.state, i.name, lo.if_index, lo.name,
                           (select r.kind from route r where r.vnet_id = a.vnet_id and r.fib = a.fib
                                                        and r.destination = a.network),
                           (select r.kind from route r where r.vnet_id = a.vnet_id and r.fib = a.fib
                                                        and r.destination = a.host),
                           (select h.id from nhop h where h.vnet_id = a.vnet_id and h.fib = a.fib
                                   and h.family = a.family and h.if_index = a.if_index and coalesce(h.gateway, '') = ''),
                           (select h.id from nhop h where h.vnet_id = a.vnet_id and h.fib = a.fib
                                   and h.family = a.family and h.if_index = lo.if_index and coalesce(h.gateway, '') = ''),
                           array(select s.subscriber_if_index from rib_subscription s where s.vnet_id = a.vnet_id
                                 and s.fib = a.fib and s.family = a.family order by s.id)
                    from asked a
                    left join vnet v on v.vnet_id = a.vnet_id
                    left join ifnet i on i.vnet_id = a.vnet_id and i.if_index = a.if_index
                    left join lateral (select l.if_index, l.name from ifnet l
                                       where l.vnet_id = a.vnet_id and l.name = a.loopback limit 1) lo on true""")) {
                query.setString(1, vnetId);
                query.setInt(2, fib);
                query.setString(3, family.name());
                query.setInt(4, ifIndex);
                query.setString(5, network.toCidr());
                query.setString(6, host.toCidr());
                query.setString(7, loopback);
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    int loopbackIndex = row.getInt(3);
                    RtIfnet lo = row.wasNull() ? null : new RtIfnet(vnetId, loopbackIndex, row.getString(4));
                    long direct = row.getLong(7);
                    Long directId = row.wasNull() ? null : direct;
                    long local = row.getLong(8);
                    Long localId = row.wasNull() ? null : local;
                    String networkRoute = row.getString(5);
                    String hostRoute = row.getString(6);
                    return new AddressPlan(row.getString(1), row.getString(2), lo,
                            networkRoute == null ? null : RouteKind.valueOf(networkRoute),
                            hostRoute == null ? null : RouteKind.valueOf(hostRoute), directId, localId,
                            List.of((Integer[]) row.getArray(9).getArray()));
                }
            }
        });
    }

    /** The routes of {@code vnetIds} whose nexthop does not exist. */
    public List<Route> withoutNexthopIn(Collection<String> vnetIds) {
        return list("from Route r where r.vnetId in ?1 and not exists (select 1 from Nexthop n where n.id = r.nhopId)",
                vnetIds);
    }
}

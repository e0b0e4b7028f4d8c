package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.routing.domain.Route;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import dev.jailnet.problem.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class RouteRepository implements PanacheRepositoryBase<Route, Long> {

    /** The routes of one RIB whose prefix contains the address: at most one per prefix length (GiST index). */
    @SuppressWarnings("unchecked")
    public List<Route> containing(String vnetId, int fib, IpAddress address) {
        return getEntityManager().createNativeQuery("""
                        select * from route
                        where vnet_id = ?1 and fib = ?2 and family = ?3 and destination >>= cast(?4 as inet)""",
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
            return route.fib() + "/" + route.family() + "/" + route.destination();
        }
    }

    /** {@code netstat -rn}: in fib, family and destination order after {@code after}, at most {@code count}. */
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
            sql.append(" and (fib, family, destination) > (:afterFib, :afterFamily, cast(:afterDestination as cidr))");
        }
        sql.append(" order by fib, family, destination limit :count");
        var query = getEntityManager().createNativeQuery(sql.toString(), Route.class).setParameter("vnet", vnetId)
                .setParameter("count", count);
        if (fib != null) {
            query.setParameter("fib", fib);
        }
        if (family != null) {
            query.setParameter("family", family.name());
        }
        if (after != null) {
            query.setParameter("afterFib", after.fib()).setParameter("afterFamily", after.family().name())
                    .setParameter("afterDestination", after.destination().toCidr());
        }
        return query.getResultList();
    }

    public List<Route> usingNexthop(long nhopId) {
        return list("nhopId", nhopId);
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

    public long countUsing(long nhopId) {
        return count("nhopId", nhopId);
    }
}

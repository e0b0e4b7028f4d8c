package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.routing.domain.Route;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
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

    public List<Route> list(String vnetId, Integer fib, IpFamily family) {
        StringBuilder query = new StringBuilder("vnetId = :vnet");
        io.quarkus.panache.common.Parameters params = io.quarkus.panache.common.Parameters.with("vnet", vnetId);
        if (fib != null) {
            query.append(" and fib = :fib");
            params.and("fib", fib);
        }
        if (family != null) {
            query.append(" and family = :family");
            params.and("family", family);
        }
        return list(query + " order by fib, family, destination", params);
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

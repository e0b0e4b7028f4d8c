package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Nexthop;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class NexthopRepository implements PanacheRepositoryBase<Nexthop, Long> {

    public Optional<Nexthop> find(String vnetId, int fib, IpFamily family, int ifIndex, String gateway) {
        return gateway == null
                ? find("vnetId = ?1 and fib = ?2 and family = ?3 and ifIndex = ?4 and gateway is null",
                vnetId, fib, family, ifIndex).firstResultOptional()
                : find("vnetId = ?1 and fib = ?2 and family = ?3 and ifIndex = ?4 and gateway = ?5",
                vnetId, fib, family, ifIndex, gateway).firstResultOptional();
    }

    /** In id order after {@code afterId}, at most {@code count}. */
    public List<Nexthop> inVnet(String vnetId, long afterId, int count) {
        return find("vnetId = ?1 and id > ?2 order by id", vnetId, afterId).range(0, count - 1).list();
    }

    public long nextId() {
        return ((Number) getEntityManager().createNativeQuery("select nextval('nhop_seq')").getSingleResult()).longValue();
    }
}

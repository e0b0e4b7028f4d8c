package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.RibSubscription;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class SubscriptionRepository implements PanacheRepositoryBase<RibSubscription, Long> {

    public Optional<RibSubscription> bySubscriber(String vnetId, int ifIndex) {
        return find("vnetId = ?1 and subscriberIfIndex = ?2", vnetId, ifIndex).firstResultOptional();
    }

    public List<RibSubscription> inRib(String vnetId, int fib, IpFamily family) {
        return list("vnetId = ?1 and fib = ?2 and family = ?3 order by id", vnetId, fib, family);
    }

    /** In id order after {@code afterId}, at most {@code count}. */
    public List<RibSubscription> inVnet(String vnetId, long afterId, int count) {
        return find("vnetId = ?1 and id > ?2 order by id", vnetId, afterId).range(0, count - 1).list();
    }

    /** The tunnels of a VNET that hold a nexthop in their route cache. */
    public long countHoldingIn(String vnetId) {
        return getEntityManager().createQuery(
                        "select count(*) from RibSubscription where vnetId = ?1 and heldNhopId is not null", Long.class)
                .setParameter(1, vnetId).getSingleResult();
    }

    /** Of each of {@code nhopIds}, the first {@code each} tunnels whose route cache holds it, by id. */
    @SuppressWarnings("unchecked")
    public List<RibSubscription> firstHoldingEach(Collection<Long> nhopIds, int each) {
        return nhopIds.isEmpty() ? List.of() : getEntityManager().createNativeQuery("""
                        select s.* from nhop n
                        cross join lateral (select * from rib_subscription where held_nhop_id = n.id
                                            order by id limit ?2) s
                        where n.id in (?1) order by n.id, s.id""", RibSubscription.class)
                .setParameter(1, nhopIds).setParameter(2, each).getResultList();
    }

    /** How many tunnels' route caches hold each of {@code nhopIds} (absent: none). */
    public Map<Long, Long> countHoldingEach(Collection<Long> nhopIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (!nhopIds.isEmpty()) {
            getEntityManager().createQuery("select heldNhopId, count(*) from RibSubscription where heldNhopId in ?1"
                    + " group by heldNhopId", Object[].class).setParameter(1, nhopIds).getResultList()
                    .forEach(row -> counts.put((Long) row[0], (Long) row[1]));
        }
        return counts;
    }

    /**
     * The tunnels whose route cache holds a nexthop of the VNET, in id order after {@code afterId}, at most
     * {@code count}.
     */
    public List<RibSubscription> holding(String vnetId, long nhopId, long afterId, int count) {
        return find("heldNhopId = ?1 and id > ?2 and heldNhopId in (select id from Nexthop where vnetId = ?3)"
                + " order by id", nhopId, afterId, vnetId).range(0, count - 1).list();
    }

    public List<RibSubscription> inVnets(Collection<String> vnetIds) {
        return list("vnetId in ?1", vnetIds);
    }
}

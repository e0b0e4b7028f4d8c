package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.RibSubscription;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import java.util.Collection;
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

    /** A query whose translation Hibernate keeps, unlike Panache's {@code count}. */
    public long countHolding(long nhopId) {
        return getEntityManager().createQuery("select count(*) from RibSubscription where heldNhopId = ?1", Long.class)
                .setParameter(1, nhopId).getSingleResult();
    }

    /** The tunnels of a VNET that hold a nexthop in their route cache. */
    public long countHoldingIn(String vnetId) {
        return getEntityManager().createQuery(
                        "select count(*) from RibSubscription where vnetId = ?1 and heldNhopId is not null", Long.class)
                .setParameter(1, vnetId).getSingleResult();
    }

    /** The tunnels whose route cache holds any of {@code nhopIds}. */
    public List<RibSubscription> holdingAny(Collection<Long> nhopIds) {
        return nhopIds.isEmpty() ? List.of() : list("heldNhopId in ?1 order by id", nhopIds);
    }

    public List<RibSubscription> inVnets(Collection<String> vnetIds) {
        return list("vnetId in ?1", vnetIds);
    }
}

package dev.jailnet.routing.store;

import dev.jailnet.routing.domain.RoutingVnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class RoutingVnetRepository implements PanacheRepositoryBase<RoutingVnet, String> {

    /** What routing keeps of a VNET: its RIBs, routes, nexthops and RIB subscriptions. */
    public record Kept(long ribs, long routes, long nexthops, long subscriptions) {

        public long total() {
            return ribs + routes + nexthops + subscriptions;
        }
    }

    /** Counted in one statement; Panache's {@code count} would translate its query anew each time. */
    public Kept kept(String vnetId) {
        Object[] counts = (Object[]) getEntityManager().createNativeQuery("""
                        select (select count(*) from rib where vnet_id = ?1),
                               (select count(*) from route where vnet_id = ?1),
                               (select count(*) from nhop where vnet_id = ?1),
                               (select count(*) from rib_subscription where vnet_id = ?1)""")
                .setParameter(1, vnetId).getSingleResult();
        return new Kept(((Number) counts[0]).longValue(), ((Number) counts[1]).longValue(),
                ((Number) counts[2]).longValue(), ((Number) counts[3]).longValue());
    }

    /**
     * The VNETs that RIBs, nexthops, routes or subscriptions are kept for (whether or not the VNET itself still
     * is), in id order ({@code COLLATE "C"}) after {@code after} (null: from the first), at most {@code limit}.
     */
    @SuppressWarnings("unchecked")
    public List<String> withRows(String after, int limit) {
        return getEntityManager().createNativeQuery("""
                        select vnet_id collate "C" from (
                            select vnet_id from rib union select vnet_id from nhop
                            union select vnet_id from route union select vnet_id from rib_subscription) kept
                        where cast(?1 as text) is null or vnet_id collate "C" > ?1
                        order by 1 limit ?2""", String.class)
                .setParameter(1, after).setParameter(2, limit).getResultList();
    }
}

package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.messaging.LayerVnet;
import dev.jailnet.messaging.SqlValues;
import dev.jailnet.routing.domain.RoutingVnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

@ApplicationScoped
public class RoutingVnetRepository implements PanacheRepositoryBase<RoutingVnet, String> {

    private final SqlValues values;

    public RoutingVnetRepository(SqlValues values) {
        this.values = values;
    }

    /**
     * {@code vnet_rtables_init}'s rows in one statement: the VNET, ALIVE, and one RIB per fib below {@code fibs} and
     * family; a repeat finds them there and adds only what is missing. Through the ORM it was a load and an insert
     * for the VNET and for each RIB.
     */
    public void rtablesInit(String vnetId, int fibs, List<IpFamily> families, Instant now) {
        Timestamp at = Timestamp.from(now);
        values.update("""
                with vnet as (insert into vnet (vnet_id, state, attached_at) values (?, ?, ?) on conflict do nothing)
                insert into rib (vnet_id, fib, family, created_at)
                select ?, fib, family, ? from generate_series(0, ? - 1) fib, unnest(cast(? as text[])) family
                on conflict do nothing""", vnetId, LayerVnet.State.ALIVE.name(), at, vnetId, at, fibs,
                families.stream().map(IpFamily::name).collect(Collectors.joining(",", "{", "}")));
    }

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

    /** What {@code RIB_FLUSH} deleted of a VNET. */
    public record Flushed(long subscriptions, long routes, long nexthops) {
    }

    /**
     * {@code RIB_FLUSH}'s deletes: every RIB subscription of the VNET ({@code rib_unsubscribe}), every route, then
     * every nexthop, whose check for references runs once the routes are gone. Plain statements: Hibernate keeps
     * no translation of an HQL delete (it caches no plan of a mutation) and makes each one anew.
     */
    public Flushed flush(String vnetId) {
        long subscriptions = deleteAll("rib_subscription", vnetId);
        long routes = deleteAll("route", vnetId);
        return new Flushed(subscriptions, routes, deleteAll("nhop", vnetId));
    }

    /**
     * {@code rtables_destroy}'s deletes in one statement: the VNET's RIBs, the nexthops left (none after a flush),
     * the interfaces routing knew there and the VNET itself. Returns how many RIBs went.
     */
    public long destroy(String vnetId) {
        return values.number("""
                with ribs as (delete from rib where vnet_id = ? returning 1),
                     nexthops as (delete from nhop where vnet_id = ?),
                     interfaces as (delete from ifnet where vnet_id = ?),
                     vnet as (delete from vnet where vnet_id = ?)
                select count(*) from ribs""", vnetId, vnetId, vnetId, vnetId);
    }

    private long deleteAll(String table, String vnetId) {
        return getEntityManager().createNativeQuery("delete from " + table + " where vnet_id = ?1")
                .setParameter(1, vnetId).executeUpdate();
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

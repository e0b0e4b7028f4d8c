package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Nexthop;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import java.util.Collection;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;

@ApplicationScoped
public class NexthopRepository implements PanacheRepositoryBase<Nexthop, Long> {

    /**
     * Whether a route or a tunnel's route cache still holds the nexthop: the first found answers, where a count
     * read every one of the million routes a full table sends through it, on each {@code route delete}.
     */
    public boolean isHeld(long nhopId) {
        return (Boolean) getEntityManager().createNativeQuery("""
                        select exists (select from route where nhop_id = ?1)
                               or exists (select from rib_subscription where held_nhop_id = ?1)""")
                .setParameter(1, nhopId).getSingleResult();
    }

    /** In id order after {@code afterId}, at most {@code count}. */
    public List<Nexthop> inVnet(String vnetId, long afterId, int count) {
        return find("vnetId = ?1 and id > ?2 order by id", vnetId, afterId).range(0, count - 1).list();
    }

    /**
     * Of the egresses given (by position: fib, family, interface index, gateway or null), the ids of the
     * nexthops that already exist in the VNET, by position: one statement for a chunk of a bulk load.
     */
    public Map<Integer, Long> existing(String vnetId, List<Integer> fibs, List<IpFamily> families,
                                       List<Integer> ifIndexes, List<String> gateways) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement query = connection.prepareStatement("""
                    select u.i - 1, n.id
                    from unnest(?::integer[], ?::text[], ?::integer[], ?::text[])
                         with ordinality as u(fib, family, if_index, gateway, i)
                    join nhop n on n.vnet_id = ? and n.fib = u.fib and n.family = u.family
                               and n.if_index = u.if_index and coalesce(n.gateway, '') = coalesce(u.gateway, '')""")) {
                query.setArray(1, connection.createArrayOf("integer", fibs.toArray()));
                query.setArray(2, connection.createArrayOf("text", families.stream().map(Enum::name).toArray()));
                query.setArray(3, connection.createArrayOf("integer", ifIndexes.toArray()));
                query.setArray(4, connection.createArrayOf("text", gateways.toArray()));
                query.setString(5, vnetId);
                Map<Integer, Long> found = new HashMap<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        found.put(rows.getInt(1), rows.getLong(2));
                    }
                }
                return found;
            }
        });
    }

    /**
     * Inserts nexthops in one statement, each with an id from the sequence; returns the ids by position. The
     * ids are drawn once, in a materialised input, so the answer and the rows agree.
     */
    public Map<Integer, Long> insertAll(String vnetId, List<Integer> fibs, List<IpFamily> families,
                                        List<Integer> ifIndexes, List<String> ifNames, List<String> gateways,
                                        Instant now) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    with input as materialized (
                        select u.*, nextval('nhop_seq') as id
                        from unnest(?::integer[], ?::text[], ?::integer[], ?::text[], ?::text[]) with ordinality
                             as u(fib, family, if_index, if_name, gateway, i)),
                    inserted as (
                        insert into nhop (id, vnet_id, fib, family, if_index, if_name, gateway, created_at)
                        select id, ?, fib, family, if_index, if_name, gateway, ? from input)
                    select i - 1, id from input""")) {
                insert.setArray(1, connection.createArrayOf("integer", fibs.toArray()));
                insert.setArray(2, connection.createArrayOf("text", families.stream().map(Enum::name).toArray()));
                insert.setArray(3, connection.createArrayOf("integer", ifIndexes.toArray()));
                insert.setArray(4, connection.createArrayOf("text", ifNames.toArray()));
                insert.setArray(5, connection.createArrayOf("text", gateways.toArray()));
                insert.setString(6, vnetId);
                insert.setTimestamp(7, Timestamp.from(now));
                Map<Integer, Long> ids = new HashMap<>();
                try (ResultSet rows = insert.executeQuery()) {
                    while (rows.next()) {
                        ids.put(rows.getInt(1), rows.getLong(2));
                    }
                }
                return ids;
            }
        });
    }

    public List<Nexthop> byIds(Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : list("id in ?1", ids);
    }

    public List<Nexthop> inVnets(Collection<String> vnetIds) {
        return list("vnetId in ?1", vnetIds);
    }

    /** The nexthops of {@code vnetIds} that no route uses and no tunnel holds: each should have been freed. */
    public List<Nexthop> unheldIn(Collection<String> vnetIds) {
        return list("""
                from Nexthop n where n.vnetId in ?1 and not exists (select 1 from Route r where r.nhopId = n.id)
                and not exists (select 1 from RibSubscription s where s.heldNhopId = n.id)""", vnetIds);
    }
}

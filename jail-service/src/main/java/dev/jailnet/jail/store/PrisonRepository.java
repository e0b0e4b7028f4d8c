package dev.jailnet.jail.store;

import dev.jailnet.jail.domain.Prison;
import dev.jailnet.jail.domain.PrisonState;
import dev.jailnet.messaging.SqlValues;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.hibernate.Session;

@ApplicationScoped
public class PrisonRepository implements PanacheRepositoryBase<Prison, Integer> {

    private final SqlValues values;

    public PrisonRepository(SqlValues values) {
        this.values = values;
    }

    public Optional<Prison> findLiveByName(String name) {
        return find("name = ?1 and state <> ?2", name, PrisonState.DYING).firstResultOptional();
    }

    /**
     * The dying jail of that name with the highest jid: {@code prison_find_name} walks the jails in jid order and
     * keeps the last dying one it meets, for when no live jail has the name.
     */
    public Optional<Prison> findDyingByName(String name) {
        return find("name = ?1 and state = ?2 order by jid desc", name, PrisonState.DYING).firstResultOptional();
    }

    /** In jid order after {@code afterJid}, at most {@code count}. */
    public List<Prison> list(boolean includeDying, long afterJid, int count) {
        return (includeDying ? find("jid > ?1 order by jid", (int) Math.max(afterJid, Integer.MIN_VALUE))
                : find("jid > ?1 and state <> ?2 order by jid", (int) Math.max(afterJid, Integer.MIN_VALUE),
                        PrisonState.DYING)).range(0, count - 1).list();
    }

    /** How many times a name is looked up again when the jail it named died while its tree's lock was awaited. */
    private static final int NAME_RACES = 3;

    /**
     * The jail by jid or live name, loaded once the top of its tree (the ancestor that is a child of the host, or the
     * jail itself) is locked until the transaction ends. Every change to a prison's processes, holds, children or
     * state takes that lock first, so a tree's changes are decided one at a time on the latest committed rows, and a
     * jail never apart from the parents whose counts its death changes. One statement finds the top and locks it:
     * a parent never changes, so the way up needs no lock. The jail is read after the wait, so one named that died
     * meanwhile is not taken for a live one (the name is looked up again). Called first in a transaction.
     */
    public Optional<Prison> lock(Integer jid, String liveName) {
        String start = jid != null ? "jid = ?" : "name = ? and state <> 'DYING'";
        String topOfTree = """
                with recursive up (jid, parent_jid, start) as (
                    select jid, parent_jid, jid from prison where %s
                    union all
                    select p.jid, p.parent_jid, up.start from prison p join up on p.jid = up.parent_jid)
                select up.start from prison top join up on top.jid = up.jid
                where up.parent_jid is null for update of top""".formatted(start);
        for (int attempt = 0; attempt < NAME_RACES; attempt++) {
            // plain JDBC on the session's connection: a native query would resolve its result's mapping every time
            OptionalInt locked = getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
                try (PreparedStatement select = connection.prepareStatement(topOfTree)) {
                    select.setObject(1, jid != null ? jid : liveName);
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? OptionalInt.of(row.getInt(1)) : OptionalInt.empty();
                    }
                }
            });
            if (locked.isEmpty()) {
                return Optional.empty();
            }
            Optional<Prison> prison = whole(locked.getAsInt());
            if (jid != null || prison.filter(p -> p.name().equals(liveName) && p.state() != PrisonState.DYING)
                    .isPresent()) {
                return prison;
            }
        }
        return Optional.empty();
    }

    /**
     * The jail with its parent, processes, holds and children, in one statement. A query rather than a find with an
     * entity graph: Hibernate builds a graph's load plan again on every find, a query's plan once. Without a row
     * limit, which Hibernate would apply in memory to a fetch of collections (and warn).
     */
    private Optional<Prison> whole(int jid) {
        return find("""
                select p from Prison p left join fetch p.parent left join fetch p.processes left join fetch p.holds
                left join fetch p.children where p.jid = ?1""", jid).singleResultOptional();
    }

    /**
     * Records why the VNET of a jail being created could not be made, before the jail is freed (kept as long as what
     * is over: see JailRetentions).
     */
    public void creationFailed(int jid, String name, String reason) {
        getEntityManager().createNativeQuery("insert into creation_failure (jid, name, reason) values (?1, ?2, ?3)"
                        + " on conflict (jid) do update set name = excluded.name, reason = excluded.reason,"
                        + " failed_at = now()")
                .setParameter(1, jid).setParameter(2, name).setParameter(3, reason).executeUpdate();
    }

    /** Why the creation of jail {@code jid} named {@code name} failed, if it did. */
    public Optional<String> creationFailure(int jid, String name) {
        @SuppressWarnings("unchecked")
        List<String> reasons = getEntityManager().createNativeQuery(
                        "select reason from creation_failure where jid = ?1 and name = ?2")
                .setParameter(1, jid).setParameter(2, name).getResultList();
        return reasons.stream().findFirst();
    }

    public long nextValue(String sequence) {
        return values.nextval(sequence);
    }
}

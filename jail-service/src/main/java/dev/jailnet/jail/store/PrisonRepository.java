package dev.jailnet.jail.store;

import dev.jailnet.jail.domain.Prison;
import dev.jailnet.jail.domain.PrisonState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class PrisonRepository implements PanacheRepositoryBase<Prison, Integer> {

    public Optional<Prison> findLiveByName(String name) {
        return find("name = ?1 and state <> ?2", name, PrisonState.DYING).firstResultOptional();
    }

    /** In jid order after {@code afterJid}, at most {@code count}. */
    public List<Prison> list(boolean includeDying, long afterJid, int count) {
        return (includeDying ? find("jid > ?1 order by jid", (int) Math.max(afterJid, Integer.MIN_VALUE))
                : find("jid > ?1 and state <> ?2 order by jid", (int) Math.max(afterJid, Integer.MIN_VALUE),
                        PrisonState.DYING)).range(0, count - 1).list();
    }

    /**
     * The jail by jid or live name, locked until the transaction ends, after the top of its tree (the ancestor that
     * is a child of the host, or the jail itself): every change to a prison's processes, holds, children or state is
     * decided on the latest committed rows, one at a time per tree, so that a jail and its parent (whose counts
     * its death changes) are never decided on apart. A parent never changes, so the top is found without a lock.
     * The name is matched again after the wait (READ COMMITTED re-checks a locked row), so a jail that died
     * meanwhile is not taken for a live one. Called first in a transaction, before the jail is loaded.
     */
    public Optional<Prison> lock(Integer jid, String liveName) {
        Integer target = jid != null ? jid : liveJid(liveName).orElse(null);
        if (target == null) {
            return Optional.empty();
        }
        @SuppressWarnings("unchecked")
        List<Number> top = getEntityManager().createNativeQuery("""
                        with recursive up (jid, parent_jid) as (
                            select jid, parent_jid from prison where jid = ?1
                            union all
                            select p.jid, p.parent_jid from prison p join up on p.jid = up.parent_jid)
                        select jid from up where parent_jid is null""")
                .setParameter(1, target).getResultList();
        if (top.isEmpty()) {
            return Optional.empty();
        }
        if (top.get(0).intValue() != target) {
            getEntityManager().createNativeQuery("select jid from prison where jid = ?1 for update")
                    .setParameter(1, top.get(0).intValue()).getResultList();
        }
        var query = jid != null
                ? getEntityManager().createNativeQuery("select jid from prison where jid = ?1 for update")
                        .setParameter(1, target)
                : getEntityManager().createNativeQuery("select jid from prison where jid = ?1 and name = ?2"
                        + " and state <> 'DYING' for update").setParameter(1, target).setParameter(2, liveName);
        @SuppressWarnings("unchecked")
        List<Number> locked = query.getResultList();
        if (locked.isEmpty()) {
            return jid != null ? Optional.empty() : liveJid(liveName).flatMap(other -> lock(null, liveName));
        }
        return Optional.of(findById(locked.get(0).intValue()));
    }

    private Optional<Integer> liveJid(String liveName) {
        @SuppressWarnings("unchecked")
        List<Number> found = getEntityManager().createNativeQuery(
                "select jid from prison where name = ?1 and state <> 'DYING'").setParameter(1, liveName).getResultList();
        return found.stream().findFirst().map(Number::intValue);
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
        return ((Number) getEntityManager().createNativeQuery("select nextval('" + sequence + "')")
                .getSingleResult()).longValue();
    }
}

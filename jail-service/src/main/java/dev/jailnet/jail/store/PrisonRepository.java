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
     * The jail by jid or live name, its row locked until the transaction ends: every change to a prison's
     * processes, holds or state is decided on the latest committed row, one at a time per jail. The name is
     * matched again after the wait (READ COMMITTED re-checks a locked row), so a jail that died meanwhile is
     * not taken for a live one. Called first in a transaction, before the jail is loaded.
     */
    public Optional<Prison> lock(Integer jid, String liveName) {
        var query = jid != null
                ? getEntityManager().createNativeQuery("select jid from prison where jid = ?1 for update")
                        .setParameter(1, jid)
                : getEntityManager().createNativeQuery(
                        "select jid from prison where name = ?1 and state <> 'DYING' for update").setParameter(1, liveName);
        @SuppressWarnings("unchecked")
        java.util.List<Number> locked = query.getResultList();
        if (locked.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(findById(locked.get(0).intValue()));
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

package dev.jailnet.vnet.store;

import dev.jailnet.vnet.domain.Saga;
import dev.jailnet.vnet.domain.SagaStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SagaRepository implements PanacheRepositoryBase<Saga, UUID> {

    public Optional<Saga> lock(UUID id) {
        return findByIdOptional(id, LockModeType.PESSIMISTIC_WRITE);
    }

    /** The ids of the sagas whose deadline passed, most overdue first (ids only: each is loaded on its own). */
    public List<UUID> due(Instant now, int limit) {
        return getEntityManager().createQuery(
                        "select s.id from Saga s where s.nextDeadline <= ?1 order by s.nextDeadline", UUID.class)
                .setParameter(1, now).setMaxResults(limit).getResultList();
    }

    public List<Saga> forVnet(String vnetId) {
        return list("vnetId = ?1 order by startedAt", vnetId);
    }

    /** Stalest first: the longest running (or longest ago ended) at the top. */
    public List<Saga> byStatus(SagaStatus status, int limit) {
        return (status == null ? find("order by startedAt") : find("status = ?1 order by startedAt", status))
                .page(0, limit).list();
    }
}

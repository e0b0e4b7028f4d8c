package dev.jailnet.vnet.store;

import dev.jailnet.vnet.domain.Saga;
import dev.jailnet.vnet.domain.SagaStatus;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import dev.jailnet.problem.Pages;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

@ApplicationScoped
public class SagaRepository implements PanacheRepositoryBase<Saga, UUID> {

    /** The saga, its row locked, with its steps (in its row): one statement. */
    public Optional<Saga> lock(UUID id) {
        return Optional.ofNullable(getEntityManager().find(Saga.class, id, LockModeType.PESSIMISTIC_WRITE));
    }

    /** A saga's deadline. */
    public record Deadline(UUID sagaId, Instant at) {
    }

    /**
     * The soonest deadlines sagas hold, at most {@code limit}, soonest first: those passed are due, and the first
     * ahead is when to look next (ids only: each saga is loaded on its own).
     */
    public List<Deadline> soonestDeadlines(int limit) {
        return getEntityManager().createQuery("select s.id, s.nextDeadline from Saga s where s.nextDeadline is not null"
                        + " order by s.nextDeadline", Object[].class)
                .setMaxResults(limit).getResultList().stream()
                .map(row -> new Deadline((UUID) row[0], (Instant) row[1])).toList();
    }

    /** The soonest deadline a saga holds after {@code now}. */
    public Optional<Instant> soonestDeadlineAfter(Instant now) {
        return Optional.ofNullable(getEntityManager()
                .createQuery("select min(s.nextDeadline) from Saga s where s.nextDeadline > ?1", Instant.class)
                .setParameter(1, now).getSingleResult());
    }

    public List<Saga> forVnet(String vnetId) {
        return list("vnetId = ?1 order by startedAt", vnetId);
    }

    /**
     * Stalest first: the longest running (or longest ago ended) at the top; after {@code after} (from the
     * start when null), at most {@code count}.
     */
    public List<Saga> byStatus(SagaStatus status, Pages.After after, int count) {
        List<String> where = new ArrayList<>();
        Parameters parameters = new Parameters();
        if (status != null) {
            where.add("status = :status");
            parameters.and("status", status);
        }
        if (after != null) {
            where.add("(startedAt > :at or (startedAt = :at and id > :id))");
            parameters.and("at", after.at()).and("id", UUID.fromString(after.id()));
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where)) + " order by startedAt, id";
        return find(query.strip(), parameters).range(0, count - 1).list();
    }
}

package dev.jailnet.vnet.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.jailnet.events.EventCodec;
import dev.jailnet.problem.Pages;
import dev.jailnet.vnet.domain.Saga;
import dev.jailnet.vnet.domain.SagaStatus;
import dev.jailnet.vnet.domain.SagaStepState;
import dev.jailnet.vnet.domain.SagaType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The sagas' rows. The orchestrator, which makes sagas and moves them on (a participant's reply, a deadline, an
 * operator's retry), reads and writes them with plain JDBC on the transaction's connection: the ORM's load, copy,
 * dirty check and flush of the row cost more than a transition itself. Lists and views read them through Hibernate,
 * which maps the same columns and the same JSON of the steps.
 */
@ApplicationScoped
public class SagaRepository implements PanacheRepositoryBase<Saga, UUID> {

    private static final String LOCK = """
            select type, vnet_id, status, started_at, ended_at, next_deadline, reason, requested_by, retried_by,
                   retried_at, parent_vnet_id, interfaces, steps
            from saga where id = ? for update""";
    /** The version tells a saga Hibernate holds in another transaction that its row changed. */
    private static final String UPDATE = """
            update saga set status = ?, ended_at = ?, next_deadline = ?, reason = ?, retried_by = ?, retried_at = ?,
                   steps = cast(? as jsonb), version = version + 1
            where id = ?""";
    private static final String INSERT = """
            insert into saga (id, type, vnet_id, status, started_at, ended_at, next_deadline, reason, requested_by,
                              retried_by, retried_at, parent_vnet_id, interfaces, steps, version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), cast(? as jsonb), 0)""";
    /** Made once: Hibernate's JSON mapper resolves the type again on every read. */
    private static final TypeReference<List<SagaStepState>> STEPS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    private static final ObjectReader STEPS_READER = EventCodec.mapper().readerFor(STEPS);
    private static final ObjectWriter STEPS_WRITER = EventCodec.mapper().writerFor(STEPS);
    private static final ObjectReader NAMES_READER = EventCodec.mapper().readerFor(NAMES);
    private static final ObjectWriter NAMES_WRITER = EventCodec.mapper().writerFor(NAMES);

    private final AgroalDataSource dataSource;

    public SagaRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Locks the saga's row until the transaction ends, lets {@code change} act on the saga, and writes the row back
     * if the saga changed: a transition in two statements. Empty when there is no such saga. A saga made in the same
     * transaction is found only if it was written with {@link #insert} (Hibernate writes one at the flush).
     */
    public <T> Optional<T> change(UUID id, Function<Saga, T> change) {
        return RowChanges.change(dataSource, "saga " + id, connection -> read(connection, id), Saga::stored,
                SagaRepository::write, change);
    }

    /** A saga made in this transaction (see {@link #change}: a saga written so is read so at once). */
    public void insert(Saga saga) {
        Saga.Stored row = saga.stored();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setObject(1, row.id());
            insert.setString(2, row.type().name());
            insert.setString(3, row.vnetId());
            insert.setString(4, row.status().name());
            insert.setObject(5, Timestamps.of(row.startedAt()));
            insert.setObject(6, Timestamps.of(row.endedAt()));
            insert.setObject(7, Timestamps.of(row.nextDeadline()));
            insert.setString(8, row.reason());
            insert.setString(9, row.requestedBy());
            insert.setString(10, row.retriedBy());
            insert.setObject(11, Timestamps.of(row.retriedAt()));
            insert.setString(12, row.parentVnetId());
            insert.setString(13, NAMES_WRITER.writeValueAsString(row.interfaces()));
            insert.setString(14, STEPS_WRITER.writeValueAsString(row.steps()));
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write saga " + row.id(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("saga " + row.id() + ": its steps cannot be written", e);
        }
    }

    private static Optional<Saga> read(Connection connection, UUID id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(LOCK)) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(Saga.restore(new Saga.Stored(id, SagaType.valueOf(row.getString(1)),
                        row.getString(2), SagaStatus.valueOf(row.getString(3)), Timestamps.read(row, 4),
                        Timestamps.read(row, 5), Timestamps.read(row, 6), row.getString(7), row.getString(8),
                        row.getString(9), Timestamps.read(row, 10), row.getString(11),
                        NAMES_READER.readValue(row.getString(12)), STEPS_READER.readValue(row.getString(13)))));
            }
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("saga " + id + ": its row's JSON cannot be read: " + e.getOriginalMessage(),
                    e);
        }
    }

    private static void write(Connection connection, Saga.Stored saga) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            update.setString(1, saga.status().name());
            update.setObject(2, Timestamps.of(saga.endedAt()));
            update.setObject(3, Timestamps.of(saga.nextDeadline()));
            update.setString(4, saga.reason());
            update.setString(5, saga.retriedBy());
            update.setObject(6, Timestamps.of(saga.retriedAt()));
            update.setString(7, STEPS_WRITER.writeValueAsString(saga.steps()));
            update.setObject(8, saga.id());
            update.executeUpdate();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("saga " + saga.id() + ": its steps cannot be written", e);
        }
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

package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.jboss.logging.Logger;

/**
 * Outbox messages that Kafka refused for good ({@code RecordTooLargeException}, an unknown topic, no
 * permission): moved out of the outbox with the reason, so that the relay never stops for one record; counted,
 * copied to the dead-letter topic, listed over REST, and sent again on an operator's request.
 */
@ApplicationScoped
public class ParkedMessages {

    private static final Logger LOG = Logger.getLogger(ParkedMessages.class);

    /** One parked message, without its body. */
    @Schema(description = "An outbox message Kafka refused for good, without its body.")
    public record Parked(
            @Schema(description = "Its id in the outbox, kept here: what a requeue names.")
            long id,
            @Schema(description = "The envelope's message id, the one consumers' inboxes record.")
            UUID messageId,
            String topic,
            @Schema(description = "The Kafka record key: the id of the VNET the message concerns.")
            String key,
            @Schema(description = "The message type, e.g. `VnetShutdownStarted`.")
            String type,
            @Schema(description = "The envelope's length in bytes.")
            int size,
            @Schema(description = "When the message was written to the outbox.")
            Instant createdAt,
            Instant parkedAt,
            @Schema(description = "Why Kafka refused it (RecordTooLargeException, an unknown topic, no permission).")
            String reason) {
    }

    private final AgroalDataSource dataSource;
    private final MeterRegistry meters;
    private final OperatorActions actions;

    public ParkedMessages(AgroalDataSource dataSource, MeterRegistry meters, OperatorActions actions) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.actions = actions;
    }

    /** Moves outbox row {@code id} here, on {@code connection}, in a transaction of its own. */
    void park(Connection connection, long id, String topic, String type, String reason) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (PreparedStatement move = connection.prepareStatement("""
                with moved as (delete from outbox where id = ? returning *)
                insert into outbox_parked (id, message_id, topic, record_key, type, envelope, created_at, trace_parent,
                                           reason)
                select id, message_id, topic, record_key, type, envelope, created_at, trace_parent, ? from moved""")) {
            move.setLong(1, id);
            move.setString(2, reason);
            move.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        meters.counter("jailnet.outbox.parked", "topic", topic).increment();
        LOG.errorf("outbox message %d (%s to %s) parked, Kafka refuses it for good: %s", id, type, topic, reason);
    }

    /** Parked messages in id order, after {@code afterId}, at most {@code limit}. */
    public List<Parked> list(long afterId, int limit) {
        List<Parked> parked = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select id, message_id, topic, record_key, type, octet_length(envelope), created_at, parked_at, reason
                     from outbox_parked where id > ? order by id limit ?""")) {
            select.setLong(1, afterId);
            select.setInt(2, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    parked.add(new Parked(rows.getLong(1), rows.getObject(2, UUID.class), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getInt(6), rows.getTimestamp(7).toInstant(),
                            rows.getTimestamp(8).toInstant(), rows.getString(9)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the parked outbox messages", e);
        }
        return parked;
    }

    /** Puts a parked message back at the end of the outbox; empty when there is no such parked message. */
    @Transactional
    public Optional<Long> requeue(long id) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement move = connection.prepareStatement("""
                     with moved as (delete from outbox_parked where id = ? returning *)
                     insert into outbox (message_id, topic, record_key, type, envelope, created_at, trace_parent)
                     select message_id, topic, record_key, type, envelope, created_at, trace_parent from moved
                     returning id, type, topic, record_key""")) {
            move.setLong(1, id);
            try (ResultSet rows = move.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                long outboxId = rows.getLong(1);
                // in the same transaction: the message goes back only with the record of who sent it back
                actions.record("outbox_requeue", "parked message " + id + " (" + rows.getString(2) + " on "
                        + rows.getString(3) + ", key " + rows.getString(4) + ")");
                return Optional.of(outboxId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot requeue parked message " + id, e);
        }
    }
}

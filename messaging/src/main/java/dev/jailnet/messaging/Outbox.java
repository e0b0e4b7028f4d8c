package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Message;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox. {@link #send} writes the message in the caller's transaction, so it is
 * published if and only if the state change that caused it commits. The relay of this replica is woken
 * right after the commit; the notification the write sends (PostgreSQL delivers it at commit, once per
 * transaction) wakes the relay when another replica holds the relaying turn. Each message keeps the trace
 * context it was written under (see {@link MessageTracing}).
 */
@ApplicationScoped
public class Outbox {

    /*
     * The advisory lock on the key serialises writers of one key from their first message to their
     * commit, so that per key the order of outbox ids is the order of commits, which the relay keeps.
     * Advisory locks are per database, which services may share: the lock names the schema too.
     */
    private static final String INSERT = """
            with key_lock as (select pg_advisory_xact_lock(hashtext(current_schema() || ':' || ?))),
                 wake as (select pg_notify('jailnet_outbox_' || current_schema(), ?))
            insert into outbox (message_id, topic, record_key, type, envelope, trace_parent)
            select ?, ?, ?, ?, ?, ? from key_lock, wake""";

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;
    private final Actors actors;
    private final MessageTracing tracing;

    public Outbox(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions, OutboxRelay relay,
                  Actors actors, MessageTracing tracing) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.relay = relay;
        this.actors = actors;
        this.tracing = tracing;
    }

    /** A message the API call being served causes (its caller is the message's actor). */
    public Envelope send(String topic, Message message) {
        return send(topic, message, null, null);
    }

    public Envelope send(String topic, Message message, UUID sagaId, UUID causationId) {
        return send(topic, message, sagaId, causationId, actors.current().orElse(null));
    }

    /** With the actor given: a saga's messages carry the actor who caused the saga, whoever drives it on. */
    public Envelope send(String topic, Message message, UUID sagaId, UUID causationId, String actor) {
        return send(topic, Envelope.of(message, sagaId, causationId, actor));
    }

    /**
     * Sends a message caused by {@code cause}, in the same saga and on behalf of the same actor; with no cause
     * (a REST request), a plain send.
     */
    public Envelope reply(String topic, Message message, Envelope cause) {
        return cause == null ? send(topic, message)
                : send(topic, message, cause.sagaId(), cause.id(), cause.actor());
    }

    /**
     * Messages caused by {@code cause} (or by a REST request, when null), written in order in one round trip
     * (a JDBC batch): for a step that announces many things at once.
     */
    public void replyAll(String topic, List<? extends Message> messages, Envelope cause) {
        if (messages.isEmpty()) {
            return;
        }
        requireActiveTransaction();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            for (Message message : messages) {
                bind(insert, topic, cause == null ? Envelope.of(message, null, null, actors.current().orElse(null))
                        : Envelope.of(message, cause.sagaId(), cause.id(), cause.actor()));
                insert.addBatch();
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + messages.size() + " messages to the outbox", e);
        }
        wakeRelayAfterCommit();
    }

    private Envelope send(String topic, Envelope envelope) {
        requireActiveTransaction();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            bind(insert, topic, envelope);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write " + envelope.type() + " to the outbox", e);
        }
        wakeRelayAfterCommit();
        return envelope;
    }

    private void requireActiveTransaction() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("the outbox takes messages only inside an active transaction");
        }
    }

    private void bind(PreparedStatement insert, String topic, Envelope envelope) throws SQLException {
        insert.setString(1, envelope.key());
        insert.setString(2, relay.replica());
        insert.setObject(3, envelope.id());
        insert.setString(4, topic);
        insert.setString(5, envelope.key());
        insert.setString(6, envelope.type());
        insert.setBytes(7, EventCodec.encode(envelope));
        insert.setString(8, tracing.currentTraceParent());
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(Outbox.class) != null) {
            return;
        }
        transactions.putResource(Outbox.class, Boolean.TRUE);
        AfterCommit.run(transactions, relay::wake);
    }
}

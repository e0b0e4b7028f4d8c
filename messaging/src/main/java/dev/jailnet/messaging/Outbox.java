package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The transactional outbox. {@link #send} writes the message in the caller's transaction, so it is
 * published if and only if the state change that caused it commits. The relay of this replica is woken
 * right after the commit; when another replica holds the relaying turn, the write also sends a notification
 * (PostgreSQL delivers it at commit, once per transaction) that wakes that relay. A replica whose own relay holds
 * the turn notifies nobody: the notification would only wake the listeners of replicas that do not relay (and
 * its own, which ignores it). Should the turn move between the write and the commit, the replica that takes it
 * drains the outbox as it does. Each message keeps the trace context it was written under (see
 * {@link MessageTracing}).
 * <p>
 * A transaction's messages are kept until it is about to commit and written then, in one statement (a handling
 * sends one to four; a bulk step up to {@value #MAX_ROWS_PER_STATEMENT} a statement, written as they come so
 * that memory stays bounded). One sent while the transaction is already completing (by a synchronization that runs
 * after the outbox's) is written at once.
 */
@ApplicationScoped
public class Outbox {

    static final int MAX_ROWS_PER_STATEMENT = 1000;

    /*
     * The advisory locks on the keys serialise writers of one key from their write to their commit, so that per key
     * the order of outbox ids is the order of commits, which the relay keeps. They are taken before the first row is
     * numbered (the insert reads the lock's one row, which exists only once every lock is held) and in the keys'
     * order (sorted here), so that two writers of the same keys cannot wait for each other. Rows are numbered in
     * the order they were sent. Advisory locks are per database, which services may share: the lock names the
     * schema too. Each statement follows a "with", after the replies to remember when there are any.
     */
    private static final String INSERT_ALL = """
            key_lock as (select count(pg_advisory_xact_lock(hashtext(current_schema() || ':' || k))) as held
                         from unnest(cast(? as text[])) as keys(k)),
            wake as (select case when ? then pg_notify('jailnet_outbox_' || current_schema(), ?) end)
            insert into outbox (message_id, topic, record_key, type, envelope, trace_parent)
            select m.message_id, m.topic, m.record_key, m.type, m.envelope, m.trace_parent
            from key_lock, wake,
                 unnest(cast(? as uuid[]), cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as bytea[]),
                        cast(? as text[])) with ordinality as m(message_id, topic, record_key, type, envelope,
                                                                 trace_parent, position)
            order by m.position""";
    /** One message, the most common case: the same with plain parameters, whose plan costs half the arrays'. */
    private static final String INSERT_ONE = """
            key_lock as (select pg_advisory_xact_lock(hashtext(current_schema() || ':' || ?))),
            wake as (select case when ? then pg_notify('jailnet_outbox_' || current_schema(), ?) end)
            insert into outbox (message_id, topic, record_key, type, envelope, trace_parent)
            select ?, ?, ?, ?, ?, ? from key_lock, wake""";

    /**
     * A saga participant's replies to remember ({@link StepReplies}), written by the same statement as the messages:
     * a step carried out is one round trip fewer.
     */
    private static final String REMEMBER = """
            remembered as (insert into saga_step_reply (saga_id, step, reply)
                           select * from unnest(cast(? as uuid[]), cast(? as text[]), cast(? as bytea[]))),
            """;

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
     * A participant's reply to a saga command whose step it carried out, remembered (for the step's later attempts,
     * which get it again: {@link StepReplies#find}) by the statement that writes the messages.
     */
    public void replyRemembered(SagaReply reply, Envelope command) {
        // before the message: a write that sending it causes takes both
        pending().remembered.add(new Remembered(command.sagaId(), reply));
        reply(Topics.SAGA_REPLIES, reply, command);
    }

    /**
     * The reply to a step remembered in this transaction and not written yet (it is written as the transaction
     * commits): a later attempt of the step applied in the same transaction must find it as if it were.
     */
    Optional<SagaReply> rememberedNotWritten(UUID sagaId, SagaStep step) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE
                || !(transactions.getResource(Outbox.class) instanceof Pending pending)) {
            return Optional.empty();
        }
        return pending.remembered.stream().filter(r -> r.sagaId().equals(sagaId) && r.reply().step() == step)
                .map(Remembered::reply).findFirst();
    }

    /** Messages caused by {@code cause} (or by a REST request, when null), in order: for a step that announces many. */
    public void replyAll(String topic, List<? extends Message> messages, Envelope cause) {
        for (Message message : messages) {
            reply(topic, message, cause);
        }
    }

    private Envelope send(String topic, Envelope envelope) {
        Pending pending = pending();
        pending.rows.add(new Row(topic, envelope, EventCodec.encode(envelope), tracing.currentTraceParent()));
        if (pending.completing || pending.rows.size() >= MAX_ROWS_PER_STATEMENT) {
            pending.write();
        }
        return envelope;
    }

    /** The current transaction's unwritten messages, written before it commits; its commit wakes the relay. */
    private Pending pending() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("the outbox takes messages only inside an active transaction");
        }
        Pending pending = (Pending) transactions.getResource(Outbox.class);
        if (pending == null) {
            pending = new Pending();
            transactions.putResource(Outbox.class, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    private record Row(String topic, Envelope envelope, byte[] encoded, String traceParent) {
    }

    private record Remembered(UUID sagaId, SagaReply reply) {
    }

    private final class Pending implements Synchronization {

        private final List<Row> rows = new ArrayList<>();
        private final List<Remembered> remembered = new ArrayList<>();
        /**
         * The commit has begun: a message sent now (by another synchronization that runs after this one) is written
         * at once, since nothing would write it later.
         */
        private boolean completing;

        @Override
        public void beforeCompletion() {
            completing = true;
            write();
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                relay.wake();
            }
        }

        void write() {
            if (rows.isEmpty()) {
                return;
            }
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement(
                         (remembered.isEmpty() ? "with " : "with " + REMEMBER)
                                 + (rows.size() == 1 ? INSERT_ONE : INSERT_ALL))) {
                int first = remembered.isEmpty() ? 1 : remembered(connection, insert);
                if (rows.size() == 1) {
                    one(insert, first, rows.get(0));
                } else {
                    all(connection, insert, first);
                }
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot write " + rows.size() + " messages to the outbox (the first "
                        + rows.get(0).envelope().type() + ")", e);
            }
            rows.clear();
            remembered.clear();
        }

        /** Sets the replies to remember; returns the index of the next parameter. */
        private int remembered(Connection connection, PreparedStatement insert) throws SQLException {
            UUID[] sagas = remembered.stream().map(Remembered::sagaId).toArray(UUID[]::new);
            String[] steps = remembered.stream().map(r -> r.reply().step().name()).toArray(String[]::new);
            byte[][] replies = remembered.stream()
                    .map(r -> EventCodec.encodePayload(r.reply()).getBytes(StandardCharsets.UTF_8))
                    .toArray(byte[][]::new);
            insert.setArray(1, connection.createArrayOf("uuid", sagas));
            insert.setArray(2, connection.createArrayOf("text", steps));
            insert.setArray(3, connection.createArrayOf("bytea", replies));
            return 4;
        }

        private void one(PreparedStatement insert, int first, Row row) throws SQLException {
            insert.setString(first, row.envelope().key());
            insert.setBoolean(first + 1, !relay.holdsTurn());
            insert.setString(first + 2, relay.replica());
            insert.setObject(first + 3, row.envelope().id());
            insert.setString(first + 4, row.topic());
            insert.setString(first + 5, row.envelope().key());
            insert.setString(first + 6, row.envelope().type());
            insert.setBytes(first + 7, row.encoded());
            insert.setString(first + 8, row.traceParent());
        }

        private void all(Connection connection, PreparedStatement insert, int first) throws SQLException {
            int n = rows.size();
            UUID[] ids = new UUID[n];
            String[] topics = new String[n];
            String[] keys = new String[n];
            String[] types = new String[n];
            byte[][] envelopes = new byte[n][];
            String[] traceParents = new String[n];
            for (int i = 0; i < n; i++) {
                Row row = rows.get(i);
                ids[i] = row.envelope().id();
                topics[i] = row.topic();
                keys[i] = row.envelope().key();
                types[i] = row.envelope().type();
                envelopes[i] = row.encoded();
                traceParents[i] = row.traceParent();
            }
            insert.setArray(first, connection.createArrayOf("text", new TreeSet<>(Arrays.asList(keys)).toArray()));
            insert.setBoolean(first + 1, !relay.holdsTurn());
            insert.setString(first + 2, relay.replica());
            insert.setArray(first + 3, connection.createArrayOf("uuid", ids));
            insert.setArray(first + 4, connection.createArrayOf("text", topics));
            insert.setArray(first + 5, connection.createArrayOf("text", keys));
            insert.setArray(first + 6, connection.createArrayOf("text", types));
            insert.setArray(first + 7, connection.createArrayOf("bytea", envelopes));
            insert.setArray(first + 8, connection.createArrayOf("text", traceParents));
        }
    }
}

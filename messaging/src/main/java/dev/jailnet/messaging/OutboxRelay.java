package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Publishes the outbox to Kafka. One replica of a service relays at a time, so that rows go out in id
 * order (per key, the order of commits): it holds a session advisory lock on a connection of its own,
 * and the others try to take the turn on each sweep, which they get when the holder stops or its session
 * ends. The relay is woken right after each local commit that wrote to the outbox, by a notification
 * when another replica's commit did, and sweeps on a slow timer as well. Rows Kafka acknowledged are deleted by
 * the relay's next statement, which reads the next batch too (at the latest on the next sweep, or when the relay
 * gives its turn up): one statement and one commit per batch, not a read and a delete. A crash before that
 * publishes them again (consumers deduplicate), as a crash between the acknowledgement and any delete would.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Advisory locks are per database and services may share one: the key names the schema. */
    private static final String TAKE_TURN = "select pg_try_advisory_lock(hashtext('jailnet-relay:' || current_schema()))";
    /*
     * The message id as text and when the row was written as microseconds since the epoch, read as they come: the
     * driver turned a uuid into text through its conversions of binary values, and parsed a timestamp's text through
     * a calendar (together 6.6 % of a relay thread's samples).
     */
    private static final String COLUMNS = "id, topic, record_key, type, cast(message_id as text) as message_id,"
            + " envelope, cast(extract(epoch from created_at) * 1000000 as bigint) as written_micros, trace_parent";
    private static final String SELECT = """
            select %s
            from outbox order by id limit ?""".formatted(COLUMNS);
    /** The statement's snapshot still holds the rows it deletes: the read leaves them out. */
    private static final String DELETE_ACKNOWLEDGED_AND_SELECT = """
            with acknowledged as (delete from outbox where id = any(?))
            select %s
            from outbox where id <> all(?) order by id limit ?""".formatted(COLUMNS);
    private static final String DELETE_ACKNOWLEDGED = "delete from outbox where id = any(?)";

    private final AgroalDataSource dataSource;
    private final KafkaClients clients;
    private final MessagingConfig config;
    private final ParkedMessages parked;
    private final DeadLetters deadLetters;
    private final Counter published;
    private final Timer lag;

    /** Names this replica in the notifications its commits send, so that its listener skips them. */
    private final String replica = UUID.randomUUID().toString();
    private final Semaphore wakeUps = new Semaphore(0);

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile Thread thread;
    private volatile Thread listener;
    private volatile boolean running;
    private volatile boolean holdsTurn;
    private Connection connection;
    /** The ids of the rows Kafka acknowledged, not deleted yet: the relay's next statement deletes them. */
    private volatile List<Long> acknowledged = List.of();

    public OutboxRelay(AgroalDataSource dataSource, KafkaClients clients, MessagingConfig config,
                       ParkedMessages parked, DeadLetters deadLetters, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clients = clients;
        this.config = config;
        this.parked = parked;
        this.deadLetters = deadLetters;
        this.published = Counter.builder("jailnet.outbox.published")
                .description("Messages the outbox relay published").register(meters);
        this.lag = Timer.builder("jailnet.outbox.lag")
                .description("Time from the transaction that wrote a message to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
    }

    /** The channel outbox writes notify at commit ({@code Outbox}'s insert names it in SQL): one per service's schema. */
    static String channel(String schema) {
        return "jailnet_outbox_" + schema;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        producer = clients.producer("outbox-relay");
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
        listener = new Thread(this::listen, "outbox-listener");
        listener.setDaemon(true);
        listener.start();
    }

    public synchronized void stop() {
        running = false;
        for (Thread t : new Thread[] {thread, listener}) {
            if (t != null) {
                t.interrupt();
                try {
                    t.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        thread = null;
        listener = null;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    public void wake() {
        wakeUps.release();
    }

    String replica() {
        return replica;
    }

    /** The ids of the rows Kafka acknowledged that the relay's next statement deletes. */
    List<Long> acknowledged() {
        return acknowledged;
    }

    /** True while this replica is the one that relays. */
    boolean holdsTurn() {
        return holdsTurn;
    }

    private void run() {
        try {
            while (running) {
                try {
                    relayUntilStopped();
                } catch (SQLException | RuntimeException e) {
                    if (running) {
                        LOG.warnf("outbox relay could not publish, will retry with a new producer: %s", e.getMessage());
                        renewProducer();
                        Thread.sleep(config.relay().sweepInterval().toMillis());
                    }
                } finally {
                    release();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void relayUntilStopped() throws SQLException, InterruptedException {
        connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        while (running) {
            if (!holdsTurn) {
                holdsTurn = takeTurn();
            }
            if (holdsTurn && drainBatch() == config.relay().batchSize()) {
                drainBacklog();
            }
            wakeUps.tryAcquire(config.relay().sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
            wakeUps.drainPermits();
        }
    }

    /**
     * A full batch: more rows may be waiting than the outbox's statistics know of. Autovacuum analyzes the outbox
     * while it holds a few rows, and the plans made from those statistics scan the whole table for each batch,
     * comparing every row with each id to delete and to leave out: over a backlog that is quadratic (100 ms a batch
     * at 10,000 rows). Analyzed once the backlog is seen, the outbox is read by its primary key, one batch at a time.
     * Statistics that already know a batch's worth of rows (an earlier backlog's) are kept: a burst of backlogs
     * (a bulk load's) is analyzed once, not once each.
     */
    private void drainBacklog() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            try (ResultSet known = statement.executeQuery(
                    "select reltuples from pg_class where oid = 'outbox'::regclass")) {
                known.next();
                if (known.getDouble(1) < config.relay().batchSize()) {
                    statement.execute("analyze outbox");
                }
            }
        }
        while (running && drainBatch() == config.relay().batchSize()) {
            // a full batch: more may be waiting
        }
    }

    /** Wakes the relay when another replica commits to the outbox (its own commits wake it directly). */
    private void listen() {
        int sweep = (int) config.relay().sweepInterval().toMillis();
        while (running) {
            try (Connection session = dataSource.getConnection()) {
                try (Statement statement = session.createStatement();
                     ResultSet schema = statement.executeQuery("select current_schema()")) {
                    schema.next();
                    statement.execute("listen \"" + channel(schema.getString(1)) + "\"");
                }
                PGConnection notifications = session.unwrap(PGConnection.class);
                try {
                    while (running && !Thread.currentThread().isInterrupted()) {
                        PGNotification[] arrived = notifications.getNotifications(sweep);
                        if (arrived != null && Arrays.stream(arrived).anyMatch(n -> !replica.equals(n.getParameter()))) {
                            wake();
                        }
                    }
                } finally {
                    try (Statement statement = session.createStatement()) {
                        statement.execute("unlisten *");
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    LOG.debugf("outbox listener lost its session, listening again: %s", e.getMessage());
                    try {
                        Thread.sleep(sweep);
                    } catch (InterruptedException interrupted) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * Gives the turn up. The connection goes back to the pool with its session, which would keep the
     * advisory lock: it is unlocked first (a broken session has lost it already).
     */
    private void release() {
        holdsTurn = false;
        if (connection != null) {
            try {
                deleteAcknowledged();
            } catch (SQLException e) {
                LOG.debugf("the rows Kafka acknowledged stay, to be published again: %s", e.getMessage());
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("select pg_advisory_unlock_all()");
            } catch (SQLException e) {
                LOG.debugf("the relay's session is gone, and its turn with it: %s", e.getMessage());
            }
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("closing the relay's connection: %s", e.getMessage());
            }
            connection = null;
        }
    }

    /** A failed send may leave an idempotent producer's sequence state broken; a new one starts clean. */
    private synchronized void renewProducer() {
        if (!running) {
            return;
        }
        KafkaProducer<String, byte[]> old = producer;
        producer = clients.producer("outbox-relay");
        old.close(Duration.ZERO);
    }

    private boolean takeTurn() throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(TAKE_TURN);
             ResultSet result = lock.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    /**
     * Publishes one batch; returns how many rows it took out of the outbox. Rows Kafka acknowledged are deleted by
     * the next statement, with the read of the next batch; a row Kafka refuses for good is parked (see
     * {@link ParkedMessages}) and the others go on; any other failure is thrown after that, and the rows it
     * concerns stay for the next pass.
     */
    int drainBatch() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement select = nextBatch()) {
            try (ResultSet result = select.executeQuery()) {
                acknowledged = List.of();
                while (result.next()) {
                    Row row = new Row(result.getLong("id"), result.getString("topic"), result.getString("type"),
                            Instant.EPOCH.plus(result.getLong("written_micros"), ChronoUnit.MICROS));
                    ProducerRecord<String, byte[]> record = new ProducerRecord<>(row.topic(),
                            result.getString("record_key"), result.getBytes("envelope"));
                    record.headers().add(Headers.TYPE, row.type().getBytes(StandardCharsets.UTF_8));
                    record.headers().add(Headers.MESSAGE_ID,
                            result.getString("message_id").getBytes(StandardCharsets.UTF_8));
                    MessageTracing.addTo(record, result.getString("trace_parent"));
                    rows.add(row);
                    row.ack = send(record);
                    row.record = record;
                }
            }
        }
        if (rows.isEmpty()) {
            return 0;
        }
        List<Long> sent = new ArrayList<>();
        RuntimeException failure = null;
        for (Row row : rows) {
            try {
                row.ack.get(30, TimeUnit.SECONDS);
                sent.add(row.id());
                lag.record(Duration.between(row.written(), Instant.now()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for Kafka's acknowledgement", e);
            } catch (ExecutionException e) {
                if (refusedForGood(e.getCause())) {
                    parked.park(connection, row.id(), row.topic(), row.type(), e.getCause().toString());
                    deadLetters.sendRefused(row.record, e.getCause());
                } else if (failure == null) {
                    failure = new IllegalStateException("Kafka did not acknowledge outbox row " + row.id() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                if (failure == null) {
                    failure = new IllegalStateException("Kafka did not acknowledge outbox row " + row.id() + " in 30 s");
                }
            }
        }
        acknowledged = sent;
        published.increment(sent.size());
        if (failure != null) {
            throw failure;
        }
        return rows.size();
    }

    /** The read of the next batch, with the delete of the rows acknowledged since the last statement, if any. */
    private PreparedStatement nextBatch() throws SQLException {
        if (acknowledged.isEmpty()) {
            PreparedStatement select = connection.prepareStatement(SELECT);
            select.setInt(1, config.relay().batchSize());
            return select;
        }
        PreparedStatement select = connection.prepareStatement(DELETE_ACKNOWLEDGED_AND_SELECT);
        Array ids = connection.createArrayOf("bigint", acknowledged.toArray());
        select.setArray(1, ids);
        select.setArray(2, ids);
        select.setInt(3, config.relay().batchSize());
        return select;
    }

    private void deleteAcknowledged() throws SQLException {
        if (acknowledged.isEmpty()) {
            return;
        }
        try (PreparedStatement delete = connection.prepareStatement(DELETE_ACKNOWLEDGED)) {
            delete.setArray(1, connection.createArrayOf("bigint", acknowledged.toArray()));
            delete.executeUpdate();
        }
        acknowledged = List.of();
    }

    /** A send that fails at once (the producer refuses the record before it leaves) fails its future instead. */
    private Future<RecordMetadata> send(ProducerRecord<String, byte[]> record) {
        try {
            return producer.send(record);
        } catch (KafkaException e) {
            java.util.concurrent.CompletableFuture<RecordMetadata> failed = new java.util.concurrent.CompletableFuture<>();
            failed.completeExceptionally(e);
            return failed;
        }
    }

    /**
     * Kafka will never take this record as it is: too large, a topic that cannot exist, a topic this service
     * may not write. Retrying would only hold back every row behind it.
     */
    static boolean refusedForGood(Throwable cause) {
        return cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException
                || cause instanceof InvalidTopicException || cause instanceof TopicAuthorizationException
                || cause instanceof InvalidRecordException || cause instanceof SerializationException;
    }

    /** One outbox row on its way to Kafka. */
    private static final class Row {
        private final long id;
        private final String topic;
        private final String type;
        private final Instant written;
        private Future<RecordMetadata> ack;
        private ProducerRecord<String, byte[]> record;

        Row(long id, String topic, String type, Instant written) {
            this.id = id;
            this.topic = topic;
            this.type = type;
            this.written = written;
        }

        long id() {
            return id;
        }

        String topic() {
            return topic;
        }

        String type() {
            return type;
        }

        Instant written() {
            return written;
        }
    }

}

package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox to Kafka. It is woken right after each commit that wrote to the outbox and also
 * sweeps on a slow timer, the safety net for wake-ups lost to a crash. Rows are published in id order
 * and deleted once Kafka acknowledged them; a crash in between publishes them again (consumers
 * deduplicate). One batch at a time across all replicas of a service keeps per-key order.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /**
     * The transaction-scoped advisory lock that makes one relay batch run at a time among a service's
     * replicas. Advisory locks are per database and services may share one: the key names the schema.
     */
    private static final String RELAY_LOCK = "select pg_try_advisory_xact_lock(hashtext('jailnet-relay:' || current_schema()))";
    private static final String SELECT = """
            select id, topic, record_key, type, message_id, envelope, created_at
            from outbox order by id limit ?""";

    private final AgroalDataSource dataSource;
    private final KafkaClients clients;
    private final MessagingConfig config;
    private final Semaphore wakeUps = new Semaphore(0);
    private final Counter published;
    private final Timer lag;

    private volatile KafkaProducer<String, byte[]> producer;
    private volatile Thread thread;
    private volatile boolean running;
    private Instant lastInboxPurge = Instant.EPOCH;

    public OutboxRelay(AgroalDataSource dataSource, KafkaClients clients, MessagingConfig config,
                       MeterRegistry meters) {
        this.dataSource = dataSource;
        this.clients = clients;
        this.config = config;
        this.published = Counter.builder("jailnet.outbox.published")
                .description("Messages the outbox relay published").register(meters);
        this.lag = Timer.builder("jailnet.outbox.lag")
                .description("Time from the outbox write to Kafka's acknowledgement")
                .publishPercentiles(0.5, 0.99).register(meters);
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
        wake();
    }

    public synchronized void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        thread = null;
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
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

    public boolean isRunning() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    public void wake() {
        wakeUps.release();
    }

    private void run() {
        while (running) {
            try {
                wakeUps.tryAcquire(config.relay().sweepInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                while (running && drainBatch() == config.relay().batchSize()) {
                    // a full batch: more may be waiting
                }
                purgeInboxNowAndThen();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warnf("outbox relay could not publish, will retry with a new producer: %s", e.getMessage());
                renewProducer();
                sleepQuietly(config.relay().sweepInterval());
            }
        }
    }

    /** Publishes one batch; returns how many rows it published (0 when another replica holds the turn). */
    int drainBatch() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection connection = dataSource.getConnection()) {
                if (!tryRelayLock(connection)) {
                    return 0;
                }
                List<Long> ids = new ArrayList<>();
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                List<Instant> written = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                    select.setInt(1, config.relay().batchSize());
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            ids.add(rows.getLong("id"));
                            written.add(rows.getTimestamp("created_at").toInstant());
                            ProducerRecord<String, byte[]> record = new ProducerRecord<>(rows.getString("topic"),
                                    rows.getString("record_key"), rows.getBytes("envelope"));
                            record.headers().add(Headers.TYPE, rows.getString("type").getBytes(StandardCharsets.UTF_8));
                            record.headers().add(Headers.MESSAGE_ID,
                                    rows.getString("message_id").getBytes(StandardCharsets.UTF_8));
                            acks.add(producer.send(record));
                        }
                    }
                }
                if (ids.isEmpty()) {
                    return 0;
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get(30, TimeUnit.SECONDS);
                }
                try (PreparedStatement delete = connection.prepareStatement("delete from outbox where id = any(?)")) {
                    Array array = connection.createArrayOf("bigint", ids.toArray());
                    delete.setArray(1, array);
                    delete.executeUpdate();
                }
                Instant now = Instant.now();
                written.forEach(w -> lag.record(Duration.between(w, now)));
                published.increment(ids.size());
                return ids.size();
            }
        });
    }

    private static boolean tryRelayLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(RELAY_LOCK);
             ResultSet result = lock.executeQuery()) {
            return result.next() && result.getBoolean(1);
        }
    }

    private void purgeInboxNowAndThen() {
        Instant now = Instant.now();
        if (Duration.between(lastInboxPurge, now).toMinutes() < 60) {
            return;
        }
        lastInboxPurge = now;
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement purge = connection.prepareStatement(
                         "delete from inbox where processed_at < now() - ? * interval '1 second'")) {
                purge.setLong(1, config.relay().inboxRetention().toSeconds());
                int purged = purge.executeUpdate();
                if (purged > 0) {
                    LOG.infof("forgot %d processed message ids older than %s", purged, config.relay().inboxRetention());
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot purge the inbox", e);
            }
        });
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

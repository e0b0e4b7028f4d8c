package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Enforces the retentions: every {@code interval}, each declared {@link Retention} deletes, in batches of its own
 * transaction, what ended longer ago than its retention. One replica of a service does it at a time (a
 * transaction-scoped advisory lock per batch), so replicas never delete the same rows twice over.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);
    private static final String TAKE_TURN =
            "select pg_try_advisory_xact_lock(hashtext('jailnet-housekeeping:' || current_schema()))";

    private final AgroalDataSource dataSource;
    private final MessagingConfig.RetentionPeriods config;
    private final Instance<Retention> retentions;
    private final MeterRegistry meters;
    private ScheduledExecutorService clock;

    public Housekeeping(AgroalDataSource dataSource, MessagingConfig config, @Any Instance<Retention> retentions,
                        MeterRegistry meters) {
        this.dataSource = dataSource;
        this.config = config.retention();
        this.retentions = retentions;
        this.meters = meters;
    }

    /** The messaging runtime's own tables. */
    @Produces
    static Retention inbox() {
        return new Retention("processed message ids", Retention.Kind.INBOX, """
                delete from inbox where ctid in (select ctid from inbox where processed_at < ? limit ?)""");
    }

    @Produces
    static Retention stepReplies() {
        return new Retention("saga step replies", Retention.Kind.FINISHED, """
                delete from saga_step_reply where ctid in
                    (select ctid from saga_step_reply where created_at < ? limit ?)""");
    }

    void start() {
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "housekeeping");
            thread.setDaemon(true);
            return thread;
        });
        long every = config.interval().toMillis();
        clock.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (clock != null) {
            clock.shutdownNow();
            clock = null;
        }
    }

    private void runQuietly() {
        try {
            run(Instant.now());
        } catch (RuntimeException e) {
            LOG.debugf("housekeeping failed, tried again in %s: %s", config.interval(), e.getMessage());
        }
    }

    /** Deletes what ended before its retention counted back from {@code now}; how many rows of each kind. */
    public Map<String, Integer> run(Instant now) {
        Map<String, Integer> purged = new LinkedHashMap<>();
        for (Retention retention : retentions) {
            Instant cutoff = now.minus(retention.retention() == Retention.Kind.INBOX ? config.inbox() : config.finished());
            int total = 0;
            int deleted;
            do {
                deleted = QuarkusTransaction.requiringNew().call(() -> batch(retention, cutoff));
                total += Math.max(deleted, 0);
            } while (deleted == config.batchSize());
            if (total > 0) {
                purged.put(retention.what(), total);
                meters.counter("jailnet.retention.purged", "what", retention.what()).increment(total);
                LOG.infof("purged %d %s that ended before %s", total, retention.what(), cutoff);
            }
        }
        return purged;
    }

    /** One batch, or -1 when another replica holds the turn. */
    private int batch(Retention retention, Instant cutoff) {
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement turn = connection.prepareStatement(TAKE_TURN);
                 ResultSet taken = turn.executeQuery()) {
                if (!taken.next() || !taken.getBoolean(1)) {
                    return -1;
                }
            }
            try (PreparedStatement delete = connection.prepareStatement(retention.delete())) {
                delete.setTimestamp(1, Timestamp.from(cutoff));
                delete.setInt(2, config.batchSize());
                return delete.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot purge " + retention.what(), e);
        }
    }
}

package dev.jailnet.system;

import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which replica of each service holds its outbox relay's turn, sampled from PostgreSQL every 50 ms: the
 * session advisory lock {@code OutboxRelay} takes, and the {@code application_name} of the session that holds
 * it ({@code jailnet up} names each replica's sessions after it).
 */
final class RelayTurns implements AutoCloseable {

    /** The relay's key is {@code hashtext('jailnet-relay:' || schema)} as a bigint: its high and low 32 bits. */
    private static final String HOLDERS = """
            select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
            where l.locktype = 'advisory' and l.granted and l.objsubid = 1
              and l.classid::bigint = (hashtext('jailnet-relay:' || ?)::bigint >> 32) & 4294967295
              and l.objid::bigint = hashtext('jailnet-relay:' || ?)::bigint & 4294967295""";

    private final Connection connection;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final Map<Service, List<List<String>>> samples = new EnumMap<>(Service.class);

    private RelayTurns(Connection connection) {
        this.connection = connection;
        for (Service service : Service.values()) {
            samples.put(service, new ArrayList<>());
        }
    }

    static RelayTurns watch(LocalSystem system) throws SQLException {
        RelayTurns turns = new RelayTurns(DriverManager.getConnection(system.jdbcUrl(), LocalSystem.DB_USER,
                system.secrets().password("database")));
        turns.sampler.scheduleWithFixedDelay(turns::sample, 0, 50, TimeUnit.MILLISECONDS);
        return turns;
    }

    private void sample() {
        try (PreparedStatement holders = connection.prepareStatement(HOLDERS)) {
            for (Service service : Service.values()) {
                String schema = service.module().replace("-service", "");
                holders.setString(1, schema);
                holders.setString(2, schema);
                List<String> names = new ArrayList<>();
                try (ResultSet rows = holders.executeQuery()) {
                    while (rows.next()) {
                        names.add(rows.getString(1));
                    }
                }
                synchronized (samples) {
                    samples.get(service).add(names);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pg_locks", e);
        }
    }

    /** The replica that holds the service's turn, once one that {@code accepted} holds it alone. */
    String awaitHolder(Service service, java.util.function.Predicate<String> accepted, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> holder = latest(service).filter(accepted);
            if (holder.isPresent()) {
                return holder.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no replica of " + service.module() + " took the relay's turn within " + timeout
                + "; last sample: " + latestSample(service));
    }

    private Optional<String> latest(Service service) {
        List<String> last = latestSample(service);
        return last.size() == 1 ? Optional.of(last.get(0)) : Optional.empty();
    }

    private List<String> latestSample(Service service) {
        synchronized (samples) {
            List<List<String>> all = samples.get(service);
            return all.isEmpty() ? List.of() : all.get(all.size() - 1);
        }
    }

    /** Every sample in which the turn was held by more than one session, or by a session of another service. */
    List<String> violations() {
        List<String> found = new ArrayList<>();
        synchronized (samples) {
            samples.forEach((service, taken) -> taken.forEach(holders -> {
                if (holders.size() > 1 || holders.stream().anyMatch(h -> !h.startsWith(service.module() + "#"))) {
                    found.add(service.module() + "'s relay held by " + holders);
                }
            }));
        }
        return found;
    }

    int sampleCount() {
        synchronized (samples) {
            return samples.get(Service.VNET).size();
        }
    }

    @Override
    public void close() throws SQLException {
        sampler.shutdownNow();
        try {
            sampler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        connection.close();
    }
}

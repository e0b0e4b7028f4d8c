package dev.jailnet.testsupport;

import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * How a table was read or analyzed, from PostgreSQL's statistics ({@code pg_stat_user_tables}): a count that shows
 * work done for nothing (a search, a whole-table scan, an analyze) without timing anything. Sessions report their
 * counts at most once a second, so a figure is taken once it holds still.
 */
public final class TableStatistics {

    private TableStatistics() {
    }

    /** Rows read from {@code table} (of the connection's schema) by sequential scans. */
    public static long rowsScanned(DataSource dataSource, String table) {
        return settled(dataSource, table, "seq_tup_read");
    }

    /** Scans of {@code table}, sequential or by an index. */
    public static long scans(DataSource dataSource, String table) {
        return settled(dataSource, table, "seq_scan + coalesce(idx_scan, 0)");
    }

    /** {@code analyze} statements run on {@code table} (not autovacuum's). */
    public static long analyzes(DataSource dataSource, String table) {
        return settled(dataSource, table, "analyze_count");
    }

    private static long settled(DataSource dataSource, String table, String counter) {
        long[] last = {-1};
        await().pollInterval(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(30)).until(() -> {
            long now = read(dataSource, table, counter);
            boolean same = now == last[0];
            last[0] = now;
            return same;
        });
        return last[0];
    }

    private static long read(DataSource dataSource, String table, String counter) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select " + counter + " from pg_stat_user_tables where relid = to_regclass(?)")) {
            statement.setString(1, table);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("no table " + table + " in the connection's schema");
                }
                return row.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

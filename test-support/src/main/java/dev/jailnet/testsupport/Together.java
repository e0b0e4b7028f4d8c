package dev.jailnet.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.awaitility.Awaitility;

/**
 * For tests of races: tasks released at one moment, transactions that meet one another (held open, or seen waiting
 * for a lock), and the plain SQL that sets a round up and checks it.
 */
public final class Together {

    private Together() {
    }

    /** Runs every task on its own thread, all released at once by a barrier; returns when all are done. */
    public static void run(Runnable... tasks) {
        CyclicBarrier start = new CyclicBarrier(tasks.length);
        List<CompletableFuture<Void>> running = Arrays.stream(tasks).map(task -> CompletableFuture.runAsync(() -> {
            await(start);
            task.run();
        })).toList();
        running.forEach(CompletableFuture::join);
    }

    /** Waits at {@code barrier} until every party of the round has arrived. */
    public static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void sql(DataSource dataSource, String... statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.executeUpdate(statement);
            }
        }
    }

    /** The single number {@code query} answers. */
    public static int count(DataSource dataSource, String query) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Work on a connection in a transaction. */
    @FunctionalInterface
    public interface Work {
        void in(Connection connection) throws SQLException;
    }

    /** A connection of its own in a transaction: the caller commits or rolls back. */
    public static Connection transaction(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * Runs {@code work} in a transaction held open a moment before its commit, so that a racing one can meet it:
     * true if it committed, false if the database refused it with {@code refusedWith} (any other refusal fails).
     */
    public static boolean attempt(DataSource dataSource, String refusedWith, Work work) {
        try (Connection connection = transaction(dataSource)) {
            try {
                work.in(connection);
                Thread.sleep(ThreadLocalRandom.current().nextInt(3));
                connection.commit();
                return true;
            } catch (SQLException e) {
                if (!refusedWith.equals(e.getSQLState())) {
                    throw new AssertionError("refused with SQLSTATE " + e.getSQLState() + ", not " + refusedWith, e);
                }
                connection.rollback();
                return false;
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until the statement {@code task} runs (the start of its text) is seen waiting for a lock, one the
     * caller's transaction holds; fails if the task ended without waiting.
     */
    public static void awaitWaitingOnALock(DataSource dataSource, String statement, CompletableFuture<?> task) {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> task.isDone() || count(dataSource,
                "select count(*) from pg_stat_activity where wait_event_type = 'Lock' and query like '"
                        + statement + "%'") == 1);
        if (task.isDone()) {
            throw new AssertionError(statement + " did not wait for the other transaction");
        }
    }
}

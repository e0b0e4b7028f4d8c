package dev.jailnet.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import javax.sql.DataSource;

/** For tests of races: tasks released at one moment, and the plain SQL that sets a round up and checks it. */
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
}

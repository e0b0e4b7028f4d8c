package dev.jailnet.cli;

import dev.jailnet.localstack.EmbeddedPostgresServer;
import java.nio.file.Path;

/** The PostgreSQL server of {@code jailnet up}: stopped (fast shutdown), paused and started again on its data and port. */
final class PostgresComponent implements Component {

    private final Path dataDir;
    private final int port;
    private final String superuserPassword;
    private final RunRecords records;
    private EmbeddedPostgresServer server;

    private PostgresComponent(Path dataDir, EmbeddedPostgresServer server, String superuserPassword,
                              RunRecords records) {
        this.dataDir = dataDir;
        this.port = server.port();
        this.server = server;
        this.superuserPassword = superuserPassword;
        this.records = records;
        record();
    }

    /**
     * {@code port} 0 picks a free one, which is kept for every later start; the postmaster is recorded in
     * {@code records}, for a launcher that dies without stopping it.
     */
    static PostgresComponent start(Path dataDir, int port, String superuserPassword, RunRecords records) {
        return new PostgresComponent(dataDir, EmbeddedPostgresServer.start(dataDir, port, superuserPassword),
                superuserPassword, records);
    }

    private void record() {
        records.record(name(), ProcessHandle.of(server.pid())
                .orElseThrow(() -> new IllegalStateException("the postmaster " + server.pid() + " has gone")));
    }

    /** The running server; fails while it is stopped. */
    synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            throw new NotNow("postgres is stopped");
        }
        return server;
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    public synchronized State state() {
        return server == null ? State.STOPPED : server.isPaused() ? State.PAUSED : State.RUNNING;
    }

    @Override
    public synchronized long pid() {
        return server == null || server.isPaused() ? -1 : server.pid();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(dataDir, port, superuserPassword);
            record();
        } else if (server.isPaused()) {
            throw new NotNow("postgres is paused: resume it");
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
            records.forget(name());
        }
    }

    @Override
    public synchronized void pause() {
        server().pause();
    }

    @Override
    public synchronized void resume() {
        if (server != null) {
            server.resume();
        }
    }
}

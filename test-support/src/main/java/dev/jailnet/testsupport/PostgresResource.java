package dev.jailnet.testsupport;

import dev.jailnet.localstack.EmbeddedPostgresServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code @QuarkusTest} resource: a real PostgreSQL server, started once per test JVM; every application
 * start gets a database of its own, so test classes never see each other's rows.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgresServer server;

    public static synchronized EmbeddedPostgresServer server() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-postgres-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        String url = server().createDatabase("jailnet_test_" + DATABASES.incrementAndGet());
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", EmbeddedPostgresServer.USER,
                "quarkus.datasource.password", EmbeddedPostgresServer.USER);
    }

    @Override
    public void stop() {
        // the server outlives one test class; the JVM's shutdown hook stops it
    }
}

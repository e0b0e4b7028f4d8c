package dev.jailnet.testsupport;

import dev.jailnet.events.BusAccess;
import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code @QuarkusTest} resource: a real Kafka broker in the test JVM, started once and shared by every
 * test class of the module (topics and consumer groups are named per service, so tests see the same
 * broker a deployment would). The service under test logs in as itself ({@code jailnet.messaging.service})
 * and meets the same ACLs as in {@code jailnet up}; the messaging module's own tests play no service and log
 * in as a super user of the test broker. Probes and watchers log in as its administrator.
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    /** The broker logs ~2,000 lines per start at INFO; held here so the levels are not collected. */
    private static final List<Logger> QUIET = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(Logger::getLogger).toList();
    /** The messaging module's tests' principal ({@code jailnet.messaging.service} there). */
    static final String MESSAGING_TESTS = "messaging-test";
    private static final String PASSWORD = UUID.randomUUID().toString();
    private static EmbeddedKafkaBroker broker;

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
            try {
                Map<String, String> services = new HashMap<>();
                BusAccess.PRINCIPALS.forEach(access -> services.put(access.principal(), PASSWORD));
                services.put(MESSAGING_TESTS, PASSWORD);
                broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("jailnet-kafka"), 0,
                        new BusUsers(UUID.randomUUID().toString(), services, Set.of(MESSAGING_TESTS)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        }
        return broker.bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("kafka.bootstrap.servers", bootstrapServers());
        BusUsers.login("${jailnet.messaging.service}", PASSWORD).forEach((key, value) -> config.put("kafka." + key,
                value.toString()));
        return config;
    }

    @Override
    public void stop() {
        // the broker outlives one test class; the JVM's shutdown hook stops it
    }
}

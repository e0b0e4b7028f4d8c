package dev.jailnet.testsupport;

import dev.jailnet.localstack.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * {@code @QuarkusTest} resource: a real Kafka broker in the test JVM, started once and shared by every
 * test class of the module (topics and consumer groups are named per service, so tests see the same
 * broker a deployment would).
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    /** The broker logs ~2,000 lines per start at INFO; held here so the levels are not collected. */
    private static final List<Logger> QUIET = Stream.of("kafka", "org.apache.kafka", "state.change.logger")
            .map(Logger::getLogger).toList();
    private static EmbeddedKafkaBroker broker;

    public static synchronized String bootstrapServers() {
        if (broker == null) {
            QUIET.forEach(logger -> logger.setLevel(Level.WARNING));
            try {
                broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("jailnet-kafka"), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "embedded-kafka-stop"));
        }
        return broker.bootstrapServers();
    }

    @Override
    public Map<String, String> start() {
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    @Override
    public void stop() {
        // the broker outlives one test class; the JVM's shutdown hook stops it
    }
}

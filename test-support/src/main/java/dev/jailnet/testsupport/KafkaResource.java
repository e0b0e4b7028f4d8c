package dev.jailnet.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

/**
 * {@code @QuarkusTest} resource: a real Kafka broker in the test JVM, started once and shared by every
 * test class of the module (topics and consumer groups are named per service, so tests see the same
 * broker a deployment would).
 */
public class KafkaResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedKafkaBroker broker;

    public static synchronized String bootstrapServers() {
        if (broker == null) {
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

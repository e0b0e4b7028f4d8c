package dev.jailnet.system.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.dockerclient.DockerClientProviderStrategy;
import org.testcontainers.dockerclient.TransportConfig;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * Is there a Docker engine, and does it hold every image the container suite needs? Asked without starting
 * anything: Testcontainers' own client would start (and first pull) its Ryuk container. The suite never pulls:
 * a missing image fails at once, naming it and how to get it, instead of Testcontainers retrying a pull for
 * minutes on a machine that cannot reach a registry.
 */
public final class DockerEngine {

    /** Which images, from the same variables as docker-compose.yml (and the same defaults as .env). */
    public record Images(String kafka, String postgres, String java) {

        public static Images fromEnvironment() {
            return new Images(env("KAFKA_IMAGE", "apache/kafka:4.1.2"), env("POSTGRES_IMAGE", "postgres:17"),
                    env("JAVA_IMAGE", "eclipse-temurin:17-jre"));
        }

        private static String env(String name, String fallback) {
            String value = System.getenv(name);
            return value == null || value.isBlank() ? fallback : value.trim();
        }
    }

    /** {@code off} skips the container suite on purpose, whether or not an engine runs (as {@code .ci/run} reads it). */
    static final String SWITCH = "JAILNET_CONTAINERS";

    private static volatile Optional<String> unavailable;

    private DockerEngine() {
    }

    /**
     * Why there is no Docker engine to use, or empty when one answers (asked once per run; the reason is printed
     * then, since a skipped class's reason does not reach the build's console).
     */
    public static Optional<String> unavailableReason() {
        Optional<String> reason = unavailable;
        if (reason == null) {
            synchronized (DockerEngine.class) {
                reason = unavailable;
                if (reason == null) {
                    reason = probe();
                    reason.ifPresent(why -> System.err.println("container suite skipped: " + why));
                    unavailable = reason;
                }
            }
        }
        return reason;
    }

    private static Optional<String> probe() {
        if ("off".equals(System.getenv(SWITCH))) {
            return Optional.of("switched off (" + SWITCH + "=off)");
        }
        try {
            TransportConfig config = DockerClientFactory.instance().getTransportConfig();
            try (DockerClient client = DockerClientProviderStrategy.getClientForConfig(config)) {
                client.pingCmd().exec();
            }
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of("no Docker engine answers (" + firstLine(e) + "); docker/ci-setup.sh installs and starts one");
        }
    }

    /**
     * Fails, at once, when an image that the suite would otherwise pull is not on the engine: {@code images}
     * plus Testcontainers' Ryuk unless {@code TESTCONTAINERS_RYUK_DISABLED=true}.
     */
    public static void requireImages(Images images) {
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put(images.kafka(), "KAFKA_IMAGE");
        wanted.put(images.postgres(), "POSTGRES_IMAGE");
        wanted.put(images.java(), "JAVA_IMAGE");
        if (!Boolean.parseBoolean(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            wanted.put(TestcontainersConfiguration.getInstance().getRyukImage(), "Testcontainers' Ryuk");
        }
        List<String> missing = new ArrayList<>();
        TransportConfig config = DockerClientFactory.instance().getTransportConfig();
        try (DockerClient client = DockerClientProviderStrategy.getClientForConfig(config)) {
            wanted.forEach((image, variable) -> {
                try {
                    client.inspectImageCmd(image).exec();
                } catch (NotFoundException e) {
                    missing.add(image + " (" + variable + ")");
                }
            });
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException(String.join(", ", missing) + (missing.size() == 1 ? " is" : " are")
                    + " not on the Docker engine, and the container suite does not pull. Without a registry: build the"
                    + " substitutes with docker/build-offline-images.sh and export docker/offline.env"
                    + " (set -a; . docker/offline.env; set +a) with TESTCONTAINERS_RYUK_DISABLED=true and"
                    + " TESTCONTAINERS_HOST_OVERRIDE=localhost, as .ci/run does. With one: docker pull "
                    + (missing.size() == 1 ? "it." : "them."));
        }
    }

    static String firstLine(Throwable e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}

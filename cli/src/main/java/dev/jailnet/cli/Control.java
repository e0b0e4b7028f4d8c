package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Option;

/** The control endpoint of a running {@code jailnet up} (see {@link ControlServer}), as a client uses it. */
final class Control {

    /** A start waits until the component serves: a service's JVM takes seconds, more on a loaded machine. */
    private static final Duration ACTION_TIMEOUT = Duration.ofSeconds(300);

    /** Where the control endpoint is: the port {@code jailnet up --control-port} was given. */
    static final class Port {
        @Option(names = "--control-port", defaultValue = "${env:JAILNET_CONTROL_PORT:-" + ControlServer.DEFAULT_PORT + "}",
                description = "The control port of the running jailnet up, on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
        int port;
    }

    private final int port;
    private final String base;

    Control(int port) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port + "/components";
    }

    /** Kafka's address, the JDBC URL, the data and secrets directories and every component with its state. */
    JsonNode status() {
        return Api.getAnonymously(base);
    }

    /**
     * Does {@code action} to the component (or to every replica of the service) {@code name}; returns when done.
     * An action takes the operator's token of that {@code jailnet up}.
     */
    JsonNode act(String name, Component.Action action) {
        return Api.post(base + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/" + action.word(), Map.of(),
                ACTION_TIMEOUT, Credentials.requireOperatorToken(Credentials.secretsDir(port)));
    }
}

package dev.jailnet.cli;

import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.EmbeddedKafkaBroker;
import java.nio.file.Path;

/**
 * The Kafka broker of {@code jailnet up}, in the CLI's own JVM: stopped (its own clean shutdown) and started
 * again on the same log directory and ports, so that every client finds it where it was. It cannot be killed
 * or paused without the CLI.
 */
final class KafkaComponent implements Component {

    private final int port;
    private EmbeddedKafkaBroker broker;
    /** The last broker that ran: a stopped one starts again from it. */
    private EmbeddedKafkaBroker last;

    private KafkaComponent(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        this.last = broker;
        this.port = broker.port();
    }

    static KafkaComponent start(Path logDir, int port, BusUsers users) {
        return new KafkaComponent(EmbeddedKafkaBroker.start(logDir, port, users));
    }

    String bootstrapServers() {
        return last.bootstrapServers();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public synchronized State state() {
        return broker == null ? State.STOPPED : State.RUNNING;
    }

    @Override
    public synchronized long pid() {
        return broker == null ? -1 : ProcessHandle.current().pid();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public synchronized void start() {
        if (broker == null) {
            broker = last.startAgain();
            last = broker;
        }
    }

    @Override
    public synchronized void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}

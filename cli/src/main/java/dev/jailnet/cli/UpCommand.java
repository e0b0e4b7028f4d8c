package dev.jailnet.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jailnet up}: the whole system on this machine, no Docker; Ctrl-C stops it. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, PostgreSQL and the four services locally (no Docker); Ctrl-C stops them.")
public class UpCommand implements Callable<Integer> {

    @Option(names = "--data-dir", description = "Where Kafka, PostgreSQL and the logs keep their data "
            + "(default: .jailnet under the project); the same directory next time keeps the state.")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092", description = "Kafka's port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--postgres-port", defaultValue = "5432",
            description = "PostgreSQL's port (default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(names = "--jail-port", defaultValue = "8081", description = "jail-service (default: ${DEFAULT-VALUE}).")
    int jailPort;

    @Option(names = "--vnet-port", defaultValue = "8082", description = "vnet-service (default: ${DEFAULT-VALUE}).")
    int vnetPort;

    @Option(names = "--ifnet-port", defaultValue = "8083", description = "ifnet-service (default: ${DEFAULT-VALUE}).")
    int ifnetPort;

    @Option(names = "--routing-port", defaultValue = "8084",
            description = "routing-service (default: ${DEFAULT-VALUE}).")
    int routingPort;

    @Option(names = "--verbose", description = "Show Kafka's and PostgreSQL's own log lines.")
    boolean verbose;

    @Override
    public Integer call() {
        Path home = Jailnet.home();
        Path data = dataDir == null ? home.resolve(".jailnet") : dataDir.toAbsolutePath();
        if (!verbose) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        ports.put(Service.JAIL, jailPort);
        ports.put(Service.VNET, vnetPort);
        ports.put(Service.IFNET, ifnetPort);
        ports.put(Service.ROUTING, routingPort);
        LocalSystem.Options options = new LocalSystem.Options(home, data, kafkaPort, postgresPort, ports, Map.of(),
                Duration.ofSeconds(120));

        System.out.printf("jailnet: starting PostgreSQL, Kafka and four services; data in %s%n", data);
        long started = System.nanoTime();
        LocalSystem system;
        try {
            system = LocalSystem.start(options);
        } catch (RuntimeException e) {
            System.err.println("jailnet up failed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\njailnet: stopping");
            system.close();
            System.out.println("jailnet: stopped");
            stopped.countDown();
        }, "jailnet-stop"));

        System.out.printf("jailnet: up in %.1f s%n%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  %-16s %s%n", "Kafka", system.kafkaBootstrap());
        System.out.printf("  %-16s %s (database %s, user %s)%n", "PostgreSQL", system.jdbcUrl(), LocalSystem.DATABASE,
                LocalSystem.DB_USER);
        for (Service s : Service.values()) {
            System.out.printf("  %-16s %s/api   (OpenAPI %s/q/openapi, log %s)%n", s.module(), system.url(s),
                    system.url(s), system.service(s).log());
        }
        System.out.println("\nPress Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

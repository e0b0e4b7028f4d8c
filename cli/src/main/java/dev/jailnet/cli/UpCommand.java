package dev.jailnet.cli;

import dev.jailnet.localstack.Ports;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code jailnet up}: the whole system on this machine, no Docker; Ctrl-C stops it. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, PostgreSQL, the four services and the web console locally (no Docker); Ctrl-C "
                + "stops them.")
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

    @Option(names = "--console-port", defaultValue = "" + LocalSystem.CONSOLE_PORT,
            description = "The web console (default: ${DEFAULT-VALUE}).")
    int consolePort;

    @Option(names = "--replicas", defaultValue = "1", description = "Processes per service (default: ${DEFAULT-VALUE}); "
            + "replica r of a service listens on its port + 10 x (r - 1): 8081, 8091, ... for jail-service.")
    int replicas;

    @Option(names = "--control-port", defaultValue = "" + ControlServer.DEFAULT_PORT,
            description = "The control endpoint on 127.0.0.1, for the start, stop, kill, restart, pause, resume, ps "
                    + "and chaos verbs (default: ${DEFAULT-VALUE}).")
    int controlPort;

    @Option(names = "--bind", defaultValue = LocalSystem.LOOPBACK, description = "The address the services' APIs "
            + "and the console listen on (default: ${DEFAULT-VALUE}, this machine only; 0.0.0.0 for every interface). Metrics, "
            + "Kafka, PostgreSQL and the control endpoint stay on loopback.")
    String bind;

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
        if (replicas < 1) {
            System.err.println("jailnet up: --replicas must be 1 or more");
            return 2;
        }
        LocalSystem.Options options = new LocalSystem.Options(home, data, kafkaPort, postgresPort, ports, consolePort,
                Map.of("quarkus.http.host", bind), Duration.ofSeconds(120), replicas, data.resolve("secrets"));
        if (!Ports.isFree(controlPort)) {
            System.err.println("jailnet up failed: port in use: " + controlPort + " (control endpoint; choose another "
                    + "with --control-port)");
            return 1;
        }

        System.out.printf("jailnet: starting PostgreSQL, Kafka, four services (%d replica%s each) and the console; "
                        + "data in %s%n",
                replicas, replicas == 1 ? "" : "s", data);
        long started = System.nanoTime();
        LocalSystem system;
        ControlServer control;
        try {
            system = LocalSystem.start(options, note -> System.out.println("jailnet: " + note));
        } catch (RuntimeException e) {
            System.err.println("jailnet up failed: " + e.getMessage());
            return 1;
        }
        try {
            control = ControlServer.start(system, controlPort);
        } catch (RuntimeException e) {
            system.close();
            System.err.println("jailnet up failed: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\njailnet: stopping");
            control.close();
            system.close();
            System.out.println("jailnet: stopped");
            stopped.countDown();
        }, "jailnet-stop"));

        System.out.printf("jailnet: up in %.1f s%n%n", (System.nanoTime() - started) / 1e9);
        System.out.printf("  %-18s %s%n", "Kafka", system.kafkaBootstrap());
        System.out.printf("  %-18s %s (database %s, user %s, password in %s)%n", "PostgreSQL", system.jdbcUrl(),
                LocalSystem.DATABASE, LocalSystem.DB_USER, system.secrets().directory().resolve("database.password"));
        for (Service s : Service.values()) {
            for (ServiceProcess replica : system.replicas(s)) {
                System.out.printf("  %-18s %s/api   (OpenAPI %s/q/openapi, log %s)%n",
                        replicas == 1 ? s.module() : replica.name(), replica.url(), replica.url(), replica.log());
            }
        }
        System.out.printf("  %-18s %s/   (the web view: jails, their references, the sagas; log %s)%n", "console",
                system.console().url(), system.console().log());
        System.out.printf("  %-18s http://%s/components   (./jailnet ps, start, stop, kill, restart, pause, resume, "
                + "chaos: --control-port %d)%n", "control", control.address(), control.port());
        Path secrets = system.secrets().directory();
        System.out.printf("%n  Every API call needs a bearer token (valid %d days; ./jailnet token mints others):%n",
                LocalSystem.TOKEN_LIFETIME.toDays());
        System.out.printf("  %-18s %s   (changes and reads; ./jailnet uses it by itself)%n", "operator token",
                secrets.resolve("operator.token"));
        System.out.printf("  %-18s %s   (reads only; paste it into the console)%n", "viewer token",
                secrets.resolve("viewer.token"));
        System.out.printf("  e.g. curl -H \"Authorization: Bearer $(cat %s)\" %s/api/jails%n",
                secrets.resolve("operator.token"), system.url(Service.JAIL));
        System.out.println("\nPress Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }
}

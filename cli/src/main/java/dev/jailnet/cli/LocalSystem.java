package dev.jailnet.cli;

import dev.jailnet.testsupport.EmbeddedKafkaBroker;
import dev.jailnet.testsupport.EmbeddedPostgresServer;
import dev.jailnet.testsupport.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole system on this machine without Docker: a real Kafka broker (in this JVM), a real PostgreSQL
 * (its own process, data kept under the data directory) and the four services as separate processes.
 */
public final class LocalSystem implements AutoCloseable {

    public static final String DATABASE = "jailnet";
    public static final String DB_USER = "jailnet";
    public static final String DB_PASSWORD = "jailnet";

    /**
     * @param home         the project's top directory (where the services' modules are)
     * @param dataDir      where Kafka's log, PostgreSQL's data and the services' logs are kept
     * @param kafkaPort    0 for a free one
     * @param postgresPort 0 for a free one
     * @param ports        each service's HTTP port (0 for a free one)
     * @param settings     extra configuration given to every service
     */
    public record Options(Path home, Path dataDir, int kafkaPort, int postgresPort, Map<Service, Integer> ports,
                          Map<String, String> settings, Duration readyTimeout) {

        public static Options defaults(Path home, Path dataDir) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                ports.put(s, s.defaultPort());
            }
            return new Options(home, dataDir, 9092, 5432, ports, Map.of(), Duration.ofSeconds(120));
        }

        /** Free ports everywhere: for tests, next to whatever else runs on the machine. */
        public static Options ephemeral(Path home, Path dataDir) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                ports.put(s, 0);
            }
            return new Options(home, dataDir, 0, 0, ports, Map.of(), Duration.ofSeconds(120));
        }

        public Options withSettings(Map<String, String> more) {
            Map<String, String> merged = new LinkedHashMap<>(settings);
            merged.putAll(more);
            return new Options(home, dataDir, kafkaPort, postgresPort, ports, merged, readyTimeout);
        }
    }

    private final Options options;
    private EmbeddedKafkaBroker kafka;
    private EmbeddedPostgresServer postgres;
    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);

    private LocalSystem(Options options) {
        this.options = options;
    }

    /** Starts everything and waits until every service is ready; on any failure stops what it started. */
    public static LocalSystem start(Options options) {
        LocalSystem system = new LocalSystem(options);
        try {
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void startAll() {
        Map<Service, Path> jars = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            Path jar = options.home().resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(s.module() + " is not built: " + jar
                        + " is missing (run ./mvnw -DskipTests package, or ./jailnet up, which builds it)");
            }
            jars.put(s, jar);
        }
        List<String> taken = new ArrayList<>();
        requireFree(options.kafkaPort(), "Kafka", taken);
        requireFree(options.postgresPort(), "PostgreSQL", taken);
        options.ports().forEach((s, p) -> requireFree(p, s.module(), taken));
        if (!taken.isEmpty()) {
            throw new IllegalStateException("ports in use: " + String.join(", ", taken)
                    + " (stop what uses them, or choose others: see --help)");
        }

        Path data = options.dataDir().toAbsolutePath();
        postgres = EmbeddedPostgresServer.start(data.resolve("postgres"), options.postgresPort());
        String jdbcUrl = postgres.createDatabase(DATABASE, DB_USER, DB_PASSWORD);
        kafka = EmbeddedKafkaBroker.start(data.resolve("kafka"), options.kafkaPort());

        int[] spare = Ports.free(Service.values().length);
        for (Service s : Service.values()) {
            int port = options.ports().get(s) == 0 ? spare[s.ordinal()] : options.ports().get(s);
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
            properties.put("quarkus.datasource.jdbc.url", jdbcUrl);
            properties.put("quarkus.datasource.username", DB_USER);
            properties.put("quarkus.datasource.password", DB_PASSWORD);
            properties.putAll(options.settings());
            ServiceProcess process = new ServiceProcess(s, jars.get(s), port, properties,
                    data.resolve("logs").resolve(s.module() + ".log"));
            services.put(s, process);
            process.start();
        }
        for (ServiceProcess process : services.values()) {
            process.awaitReady(options.readyTimeout());
        }
    }

    private static void requireFree(int port, String what, List<String> taken) {
        if (port != 0 && !Ports.isFree(port)) {
            taken.add(port + " (" + what + ")");
        }
    }

    public ServiceProcess service(Service service) {
        return services.get(service);
    }

    public String url(Service service) {
        return services.get(service).url();
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl(DATABASE);
    }

    public int postgresPort() {
        return postgres.port();
    }

    /** Stops the services (gracefully, then by force), then Kafka, then PostgreSQL. */
    @Override
    public void close() {
        services.values().forEach(p -> p.stop(Duration.ofSeconds(15)));
        services.clear();
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}

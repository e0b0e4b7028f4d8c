package dev.jailnet.cli;

import dev.jailnet.events.BusAccess;
import dev.jailnet.events.Roles;
import dev.jailnet.localstack.AccessKeys;
import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.Ports;
import dev.jailnet.localstack.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on this machine without Docker: a real Kafka broker (in this JVM), a real PostgreSQL
 * (its own process, data kept under the data directory), the four services as separate processes, one or
 * more replicas each, and the web console. Each of them is a {@link Component} that can be stopped, killed,
 * paused and started again.
 */
public final class LocalSystem implements AutoCloseable {

    public static final String DATABASE = "jailnet";
    public static final String DB_USER = "jailnet";
    /** Tokens written at each start last this long; {@code jailnet token} mints others. */
    static final Duration TOKEN_LIFETIME = Duration.ofDays(7);
    /** Where the services listen unless {@code --bind} says otherwise: this machine only. */
    static final String LOOPBACK = "127.0.0.1";
    /** The management listener (metrics) of a service on port p is on p + this. */
    static final int MANAGEMENT_PORT_OFFSET = 1000;
    /** Replica r of a service on a chosen port p listens on p + (r - 1) x this: 8081, 8091, 8101 for jail-service. */
    static final int REPLICA_PORT_STEP = 10;
    /** The web console's port by default: after the services' and the control endpoint's (8085). */
    public static final int CONSOLE_PORT = 8086;
    static final String CONSOLE = "console";

    /**
     * @param home         the project's top directory (where the services' modules are)
     * @param dataDir      where Kafka's log, PostgreSQL's data and the services' logs are kept
     * @param kafkaPort    0 for a free one
     * @param postgresPort 0 for a free one
     * @param ports        each service's HTTP port, its first replica's (0 for free ones)
     * @param consolePort  the web console's HTTP port (0 for a free one)
     * @param settings     extra configuration given to every service
     * @param replicas     processes per service
     * @param secretsDir   where the token keys and the passwords are kept (made there on first start)
     */
    public record Options(Path home, Path dataDir, int kafkaPort, int postgresPort, Map<Service, Integer> ports,
                          int consolePort, Map<String, String> settings, Duration readyTimeout, int replicas, Path secretsDir) {

        public Options {
            if (replicas < 1) {
                throw new IllegalArgumentException("replicas must be 1 or more, not " + replicas);
            }
        }

        public static Options defaults(Path home, Path dataDir) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                ports.put(s, s.defaultPort());
            }
            return new Options(home, dataDir, 9092, 5432, ports, CONSOLE_PORT, Map.of(), Duration.ofSeconds(120), 1,
                    dataDir.resolve("secrets"));
        }

        /** Free ports everywhere: for tests, next to whatever else runs on the machine. */
        public static Options ephemeral(Path home, Path dataDir) {
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service s : Service.values()) {
                ports.put(s, 0);
            }
            return new Options(home, dataDir, 0, 0, ports, 0, Map.of(), Duration.ofSeconds(120), 1,
                    dataDir.resolve("secrets"));
        }

        public Options withSettings(Map<String, String> more) {
            Map<String, String> merged = new LinkedHashMap<>(settings);
            merged.putAll(more);
            return new Options(home, dataDir, kafkaPort, postgresPort, ports, consolePort, merged, readyTimeout, replicas,
                    secretsDir);
        }

        public Options withReplicas(int count) {
            return new Options(home, dataDir, kafkaPort, postgresPort, ports, consolePort, settings, readyTimeout, count,
                    secretsDir);
        }

        /** Keys and passwords from {@code directory}: systems that share it trust the same tokens. */
        public Options withSecrets(Path directory) {
            return new Options(home, dataDir, kafkaPort, postgresPort, ports, consolePort, settings, readyTimeout,
                    replicas, directory);
        }

        /** The HTTP port of each replica of each service; 0 where a free one is to be chosen. */
        Map<Service, List<Integer>> replicaPorts() {
            Map<Service, List<Integer>> all = new EnumMap<>(Service.class);
            ports.forEach((service, first) -> {
                List<Integer> each = new ArrayList<>();
                for (int r = 0; r < replicas; r++) {
                    each.add(first == 0 ? 0 : first + r * REPLICA_PORT_STEP);
                }
                all.put(service, each);
            });
            return all;
        }
    }

    private final Options options;
    private RunRecords records;
    private KafkaComponent kafka;
    private PostgresComponent postgres;
    private String jdbcUrl;
    private Secrets secrets;
    private AccessKeys keys;
    private final Map<Service, List<ServiceProcess>> services = new EnumMap<>(Service.class);
    private ServiceProcess console;

    private LocalSystem(Options options) {
        this.options = options;
    }

    /** Starts everything and waits until every service is ready; on any failure stops what it started. */
    public static LocalSystem start(Options options) {
        return start(options, note -> { });
    }

    /**
     * As {@link #start(Options)}; first takes the data directory (refused while another system runs on it) and
     * stops what a system that ran on it left running when its launcher died, telling {@code notes} what.
     */
    public static LocalSystem start(Options options, Consumer<String> notes) {
        LocalSystem system = new LocalSystem(options);
        try {
            system.claimDataDir(notes);
            system.startAll();
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    private void claimDataDir(Consumer<String> notes) {
        records = RunRecords.claim(options.dataDir().toAbsolutePath());
        List<RunRecords.Leftover> stopped = records.stopLeftovers();
        if (!stopped.isEmpty()) {
            notes.accept("the last system on " + options.dataDir().toAbsolutePath() + " ended without stopping what it "
                    + "ran; stopped " + String.join(", ", stopped.stream().map(RunRecords.Leftover::toString).toList())
                    + " (their state is kept)");
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
        Path consoleJar = options.home().resolve(CONSOLE).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(consoleJar)) {
            throw new IllegalStateException("the console is not built: " + consoleJar
                    + " is missing (run ./mvnw -DskipTests package, or ./jailnet up, which builds it)");
        }
        Map<Service, List<Integer>> replicaPorts = options.replicaPorts();
        List<String> taken = new ArrayList<>();
        Map<Integer, String> chosen = new HashMap<>();
        requireFree(options.kafkaPort(), "Kafka", taken, chosen);
        requireFree(options.postgresPort(), "PostgreSQL", taken, chosen);
        replicaPorts.forEach((s, ports) -> {
            for (int r = 0; r < ports.size(); r++) {
                requireFree(ports.get(r), ServiceProcess.name(s, r + 1), taken, chosen);
            }
        });
        requireFree(options.consolePort(), CONSOLE, taken, chosen);
        if (!taken.isEmpty()) {
            throw new IllegalStateException("ports in use: " + String.join(", ", taken)
                    + " (stop what uses them, or choose others: see --help)");
        }

        Path data = options.dataDir().toAbsolutePath();
        secrets = Secrets.in(options.secretsDir().toAbsolutePath());
        keys = secrets.accessKeys();
        String user = System.getProperty("user.name", "operator");
        keys.writeToken(user, Roles.OPERATOR, TOKEN_LIFETIME);
        keys.writeToken(user, Roles.VIEWER, TOKEN_LIFETIME);
        postgres = PostgresComponent.start(data.resolve("postgres"), options.postgresPort(),
                secrets.password("postgres"), records);
        jdbcUrl = postgres.server().createDatabase(DATABASE, DB_USER, secrets.password("database"));
        for (Service s : Service.values()) {
            postgres.server().createServiceRole(DATABASE, DB_USER, s.databaseRole(), secrets.password(s.module()),
                    s.schema());
        }
        kafka = KafkaComponent.start(data.resolve("kafka"), options.kafkaPort(), BusUsers.from(secrets));

        Map<Service, Map<String, String>> environments = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            environments.put(s, environment(s));
        }
        int[] spare = Ports.free(Service.values().length * options.replicas() * 2 + 1);
        int spareManagement = Service.values().length * options.replicas();
        for (Service s : Service.values()) {
            List<ServiceProcess> replicas = new ArrayList<>();
            for (int r = 1; r <= options.replicas(); r++) {
                int chosenPort = replicaPorts.get(s).get(r - 1);
                int index = s.ordinal() * options.replicas() + r - 1;
                int port = chosenPort == 0 ? spare[index] : chosenPort;
                int managementPort = chosenPort == 0 ? spare[spareManagement + index] : port + MANAGEMENT_PORT_OFFSET;
                replicas.add(new ServiceProcess(ServiceProcess.name(s, r), jars.get(s), port,
                        properties(s, r, managementPort), environments.get(s),
                        data.resolve("logs").resolve(s.module() + (r == 1 ? "" : "-" + r) + ".log"),
                        options.readyTimeout(), records));
            }
            services.put(s, replicas);
        }
        console = new ServiceProcess(CONSOLE, consoleJar,
                options.consolePort() == 0 ? spare[spare.length - 1] : options.consolePort(), consoleProperties(),
                Map.of("QUARKUS_CONFIG_LOCATIONS", secrets.write(CONSOLE + ".properties", consoleLogins(secrets))
                        .toUri().toString(), "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.verifyKey().toString()),
                data.resolve("logs").resolve(CONSOLE + ".log"), options.readyTimeout(), records);
        List<ServiceProcess> all = new ArrayList<>(services.values().stream().flatMap(List::stream).toList());
        all.add(console);
        all.forEach(ServiceProcess::launch);
        all.forEach(ServiceProcess::awaitReady);
    }

    /** Where the console finds Kafka and each service (their first replicas), and where it listens. */
    private Map<String, String> consoleProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.http.host", LOOPBACK);
        for (Service s : Service.values()) {
            properties.put("jailnet.console.services." + s.schema(), url(s));
        }
        properties.putAll(options.settings());
        return properties;
    }

    /** The console's Kafka login (it reads the events; see BusAccess.CONSOLE) as configuration. */
    public static String consoleLogins(Secrets secrets) {
        String principal = BusAccess.CONSOLE.principal();
        return BusUsers.asProperties(BusUsers.login(principal, secrets.password("kafka-" + principal)), "kafka.");
    }

    private Map<String, String> properties(Service service, int replica, int managementPort) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("quarkus.management.port", Integer.toString(managementPort));
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        properties.put("quarkus.datasource.jdbc.url", jdbcUrl);
        properties.put("quarkus.http.host", LOOPBACK);
        // pg_stat_activity names the replica behind each session (which one holds the outbox relay's lock)
        properties.put("quarkus.datasource.jdbc.additional-jdbc-properties.ApplicationName",
                ServiceProcess.name(service, replica));
        properties.putAll(options.settings());
        return properties;
    }

    /**
     * Out of the process list: the service's logins (its database role's password, its Kafka user's) in a
     * file of its own among the secrets (0600), and the key every token is verified with.
     */
    private Map<String, String> environment(Service service) {
        Path file = secrets.write(service.module() + ".properties", serviceLogins(service, secrets));
        return Map.of("QUARKUS_CONFIG_LOCATIONS", file.toUri().toString(),
                "MP_JWT_VERIFY_PUBLICKEY_LOCATION", keys.verifyKey().toString());
    }

    /**
     * A service's logins, as configuration: its own database role and that role's password, and its own Kafka
     * user (SCRAM) and that user's password, all among {@code secrets}.
     */
    public static String serviceLogins(Service service, Secrets secrets) {
        return "quarkus.datasource.username=" + service.databaseRole() + "\nquarkus.datasource.password="
                + secrets.password(service.module()) + "\n"
                + BusUsers.asProperties(BusUsers.login(service.module(), secrets.password("kafka-" + service.module())),
                        "kafka.");
    }

    /** A port given twice, or one in use, is named in {@code taken}. */
    private static void requireFree(int port, String what, List<String> taken, Map<Integer, String> chosen) {
        if (port == 0) {
            return;
        }
        String earlier = chosen.putIfAbsent(port, what);
        if (earlier != null) {
            taken.add(port + " (" + what + ", given to " + earlier + " already)");
        } else if (!Ports.isFree(port)) {
            taken.add(port + " (" + what + ")");
        }
    }

    /** The first replica of a service. */
    public ServiceProcess service(Service service) {
        return services.get(service).get(0);
    }

    public List<ServiceProcess> replicas(Service service) {
        return services.get(service);
    }

    public String url(Service service) {
        return service(service).url();
    }

    /** The web console. */
    public ServiceProcess console() {
        return console;
    }

    /** PostgreSQL, Kafka, every replica of every service, then the console. */
    public List<Component> components() {
        List<Component> all = new ArrayList<>();
        all.add(postgres);
        all.add(kafka);
        services.values().forEach(all::addAll);
        if (console != null) {
            all.add(console);
        }
        return all;
    }

    /** The components a name stands for: one by its own name, or every replica of a service by the module's. */
    public List<Component> select(String name) {
        return components().stream().filter(c -> c.name().equals(name) || c.name().startsWith(name + "#")).toList();
    }

    public String kafkaBootstrap() {
        return kafka.bootstrapServers();
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The secrets of this data directory: the token keys and the passwords. */
    public Secrets secrets() {
        return secrets;
    }

    /** Whether {@code token} is a valid operator's token of this system. */
    public boolean grantsOperator(String token) {
        return keys != null && keys.grants(token, Roles.OPERATOR);
    }

    public int postgresPort() {
        return postgres.port();
    }

    public Path dataDir() {
        return options.dataDir().toAbsolutePath();
    }

    public int replicaCount() {
        return options.replicas();
    }

    /**
     * Resumes what is paused (a frozen process would hold up every stop behind it), then stops the console and the
     * services (gracefully, then by force), Kafka and PostgreSQL.
     */
    @Override
    public void close() {
        components().stream().filter(c -> c != null && c.state() == Component.State.PAUSED).forEach(Component::resume);
        if (console != null) {
            console.stop();
            console = null;
        }
        services.values().forEach(replicas -> replicas.forEach(ServiceProcess::stop));
        services.clear();
        if (kafka != null) {
            kafka.stop();
            kafka = null;
        }
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
        if (records != null) {
            records.close();
            records = null;
        }
    }
}

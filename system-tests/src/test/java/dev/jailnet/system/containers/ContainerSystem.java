package dev.jailnet.system.containers;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import dev.jailnet.cli.DatabaseRolesCommand;
import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import dev.jailnet.localstack.BusGrants;
import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.KafkaLogins;
import dev.jailnet.localstack.Ports;
import dev.jailnet.localstack.Secrets;
import dev.jailnet.system.SystemUnderTest;
import dev.jailnet.testsupport.Tokens;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.images.builder.Transferable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The system as docker-compose.yml runs it, started by Testcontainers: Kafka (KRaft, one node) and PostgreSQL
 * from {@code KAFKA_IMAGE} / {@code POSTGRES_IMAGE}, and the four services, each built from its module's
 * {@code src/main/docker/Dockerfile.jvm} (context: the module directory, so {@code ./mvnw package} first) on
 * {@code JAVA_IMAGE}; one Docker network, configured by environment variables and by each container's share of
 * the secrets, copied where compose mounts it. As in compose, every service logs in to PostgreSQL and to Kafka
 * as itself (its role and its user, with their ACLs, are made from here once both are up) and the broker
 * refuses anyone without a login. Ports are published on 127.0.0.1 at free ports picked up front, so a killed
 * and restarted container keeps its URL; Kafka has a second listener advertised as {@code localhost:<that
 * port>} for clients on the host (TopicWatcher, as the administrator). A service is ready when
 * {@code /q/health/ready} answers 200 there.
 * <p>
 * One setting differs from compose: vnet-service gets {@code JAILNET_SAGA_MAX_ATTEMPTS} ({@link #SAGA_MAX_ATTEMPTS})
 * so that a saga outlives a service that is down for a while (the chaos test) instead of being undone after
 * ~60 s. The containers' logs are written to {@code target/containers/} when the system stops.
 */
public final class ContainerSystem implements SystemUnderTest {

    static final String LABEL = "dev.jailnet.system-tests";
    static final int SAGA_MAX_ATTEMPTS = 20;
    private static final String DB = "jailnet";
    private static final String DB_USER = "jailnet";
    /** Where compose mounts a container's share of the secrets. */
    private static final String SECRETS = "/run/secrets/jailnet";
    private static final String KAFKA_CLUSTER_ID = "jai1netKRaftC1uster0Aw";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final DockerEngine.Images images;
    private final Path home;
    private final Network network;
    private final GenericContainer<?> kafka;
    private final GenericContainer<?> postgres;
    private final Map<Service, GenericContainer<?>> services = new EnumMap<>(Service.class);
    private final Map<Service, Build> builds = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);
    private final int kafkaHostPort;
    private final int postgresHostPort;
    private final Secrets secrets;
    private final BusUsers busUsers;
    private final Map<String, Duration> timings = new LinkedHashMap<>();

    private ContainerSystem(DockerEngine.Images images, Path home) {
        SystemUnderTest.authenticateRestAssured();
        this.images = images;
        this.home = home;
        this.network = Network.builder().createNetworkCmdModifier(cmd -> cmd.withLabels(Map.of(LABEL, "true")))
                .build();
        this.kafkaHostPort = Ports.free();
        this.postgresHostPort = Ports.free();
        // the test run's secrets, as the `secrets` job makes a deployment's: the key pair the tokens are signed
        // with, the database's and the Kafka users' passwords
        this.secrets = Secrets.in(Tokens.keys().verifyKey().getParent());
        this.busUsers = BusUsers.from(secrets);
        this.kafka = kafka();
        this.postgres = postgres();
        for (Service s : Service.values()) {
            ports.put(s, Ports.free());
            services.put(s, service(s));
        }
    }

    /**
     * Checks that every image is there (fails at once, naming the missing ones), then starts Kafka and
     * PostgreSQL, builds the four images and starts the services, and waits until each is ready.
     */
    public static ContainerSystem start(Path home) {
        DockerEngine.Images images = DockerEngine.Images.fromEnvironment();
        DockerEngine.requireImages(images);
        for (Service s : Service.values()) {
            Path app = home.resolve(s.module()).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.isRegularFile(app)) {
                throw new IllegalStateException(s.module() + " is not built: " + app
                        + " is missing (./mvnw -DskipTests package builds it)");
            }
        }
        ContainerSystem system = new ContainerSystem(images, home);
        try {
            long t0 = System.nanoTime();
            // Kafka and PostgreSQL start while the four images are built
            CompletableFuture<Void> infrastructure = Startables.deepStart(system.kafka, system.postgres);
            CompletableFuture.allOf(system.builds.values().stream().map(b -> CompletableFuture.runAsync(b::build))
                    .toArray(CompletableFuture[]::new)).join();
            system.timings.put("images built", Duration.ofNanos(System.nanoTime() - t0));
            infrastructure.join();
            system.grantAccess();
            system.timings.put("kafka and postgres ready", Duration.ofNanos(System.nanoTime() - t0));
            long t1 = System.nanoTime();
            Startables.deepStart(system.services.values()).join();
            system.timings.put("then the services ready", Duration.ofNanos(System.nanoTime() - t1));
            return system;
        } catch (RuntimeException e) {
            system.close();
            throw e;
        }
    }

    /**
     * A service's image, built once per run by Testcontainers from the module's Dockerfile.jvm. Testcontainers
     * labels it with its session id, so every run makes a new image (its big layers come from the build cache);
     * the one that the tag named before is removed, as docker/build-offline-images.sh does with its images.
     */
    private record Build(String tag, ImageFromDockerfile image) {

        void build() {
            String before = imageId(tag);
            image.get();
            String after = imageId(tag);
            if (before != null && !before.equals(after)) {
                try {
                    docker().removeImageCmd(before).exec();
                } catch (RuntimeException e) {
                    // still used (a container of an earlier run): it stays
                }
            }
        }

        private static String imageId(String tag) {
            try {
                return docker().inspectImageCmd(tag).exec().getId();
            } catch (NotFoundException e) {
                return null;
            }
        }
    }

    /**
     * What compose's {@code database-roles} and {@code bus-logins} jobs do, with the same code, from here: each
     * service's database role and its Kafka user, ACLs and topics; this JVM's tools log in to Kafka as the
     * administrator.
     */
    private void grantAccess() {
        String jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgresHostPort + "/" + DB;
        try (Connection connection = DriverManager.getConnection(jdbcUrl, DB_USER, secrets.password("database"))) {
            DatabaseRolesCommand.forEveryService(connection, DB, DB_USER, secrets);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the services' database roles: " + e.getMessage(), e);
        }
        KafkaLogins.register(kafkaBootstrap(), busUsers.containerAdminLogin());
        try (Admin admin = Admin.create(KafkaLogins.clientProperties(kafkaBootstrap()))) {
            BusGrants.awaitAnswer(admin, READY_TIMEOUT);
            BusGrants.apply(admin, busUsers);
        }
    }

    private GenericContainer<?> kafka() {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(images.kafka()));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLUSTER_ID", KAFKA_CLUSTER_ID);
        env.put("KAFKA_NODE_ID", "1");
        env.put("KAFKA_PROCESS_ROLES", "broker,controller");
        // INTERNAL: the other containers (kafka:9092); EXTERNAL: the tests on the host; CONTROLLER: KRaft, inside.
        // Logins and ACLs as in compose: see BusUsers.containerBrokerJaas.
        env.put("KAFKA_LISTENERS", "INTERNAL://:9092,EXTERNAL://:19092,CONTROLLER://:9093");
        env.put("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:9092,EXTERNAL://localhost:" + kafkaHostPort);
        env.put("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP",
                "INTERNAL:SASL_PLAINTEXT,EXTERNAL:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        env.put("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL");
        env.put("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER");
        env.put("KAFKA_SASL_ENABLED_MECHANISMS", "SCRAM-SHA-512,PLAIN");
        env.put("KAFKA_LISTENER_NAME_CONTROLLER_SASL_ENABLED_MECHANISMS", "PLAIN");
        env.put("KAFKA_SASL_MECHANISM_INTER_BROKER_PROTOCOL", "PLAIN");
        env.put("KAFKA_SASL_MECHANISM_CONTROLLER_PROTOCOL", "PLAIN");
        env.put("KAFKA_OPTS", "-Djava.security.auth.login.config=" + SECRETS + "/kafka-jaas.conf");
        env.put("KAFKA_AUTHORIZER_CLASS_NAME", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        env.put("KAFKA_SUPER_USERS", "User:admin");
        env.put("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND", "false");
        env.put("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        env.put("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@localhost:9093");
        env.put("KAFKA_LOG_DIRS", "/var/lib/kafka/data");
        env.put("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1");
        env.put("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1");
        env.put("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1");
        env.put("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
        env.put("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
        env.put("KAFKA_HEAP_OPTS", "-Xmx512m -Xms512m");
        return common(c, "kafka").withEnv(env)
                .withCopyToContainer(Transferable.of(busUsers.containerBrokerJaas()), SECRETS + "/kafka-jaas.conf")
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName("kafka"))
                .withExposedPorts(19092)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(loopback(kafkaHostPort, 19092)))
                // the same readiness as in the apache/kafka image and the offline substitute: the broker is up
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(READY_TIMEOUT));
    }

    private GenericContainer<?> postgres() {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(images.postgres()));
        return common(c, "postgres")
                .withEnv(Map.of("POSTGRES_USER", DB_USER, "POSTGRES_PASSWORD", secrets.password("database"),
                        "POSTGRES_DB", DB))
                .withCreateContainerCmdModifier(cmd -> cmd.withHostName("postgres"))
                // published for grantAccess, which makes the services' roles from here
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig()
                        .withPortBindings(loopback(postgresHostPort, 5432)))
                // over TCP: while the entrypoint initialises the database the server listens on its socket only
                .waitingFor(Wait.forSuccessfulCommand("pg_isready -h 127.0.0.1 -p 5432 -U " + DB_USER + " -d " + DB)
                        .withStartupTimeout(READY_TIMEOUT));
    }

    private GenericContainer<?> service(Service s) {
        String tag = "jailnet/" + s.module() + ":system-tests";
        ImageFromDockerfile image = new ImageFromDockerfile(tag, false)
                .withFileFromPath(".", home.resolve(s.module()))
                .withDockerfilePath("src/main/docker/Dockerfile.jvm")
                .withBuildArg("JAVA_IMAGE", images.java());
        builds.put(s, new Build(tag, image));
        GenericContainer<?> c = new GenericContainer<>(image);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://postgres:5432/" + DB);
        // its own database role and Kafka user, with their passwords (as the share compose's secrets job writes)
        env.put("QUARKUS_CONFIG_LOCATIONS", "file:" + SECRETS + "/jailnet.properties");
        if (s == Service.VNET) {
            env.put("JAILNET_SAGA_MAX_ATTEMPTS", String.valueOf(SAGA_MAX_ATTEMPTS));
        }
        int port = s.defaultPort();
        int hostPort = ports.get(s);
        return common(c, s.module()).withEnv(env)
                // where the services look for the key that verifies the API's bearer tokens (as in compose)
                .withCopyFileToContainer(MountableFile.forHostPath(Tokens.keys().verifyKey(), 0644),
                        SECRETS + "/jwt-verify-key.pem")
                .withCopyToContainer(Transferable.of(LocalSystem.serviceLogins(s, secrets)),
                        SECRETS + "/jailnet.properties")
                .withExposedPorts(port)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(loopback(hostPort, port)))
                .dependsOn(kafka, postgres)
                // polled at 127.0.0.1:<published port>, the URL the tests use (not Testcontainers' idea of the host)
                .waitingFor(new AbstractWaitStrategy() {
                    @Override
                    protected void waitUntilReady() {
                        awaitReady(s, startupTimeout);
                    }
                }.withStartupTimeout(READY_TIMEOUT));
    }

    private GenericContainer<?> common(GenericContainer<?> c, String alias) {
        return c.withNetwork(network).withNetworkAliases(alias)
                .withLabel(LABEL, alias)
                // never pull: DockerEngine.requireImages has checked that the images are here
                .withImagePullPolicy(name -> false);
    }

    private static PortBinding loopback(int hostPort, int containerPort) {
        return new PortBinding(com.github.dockerjava.api.model.Ports.Binding.bindIpAndPort("127.0.0.1", hostPort),
                ExposedPort.tcp(containerPort));
    }

    @Override
    public String url(Service service) {
        return "http://127.0.0.1:" + ports.get(service);
    }

    @Override
    public String kafkaBootstrap() {
        return "localhost:" + kafkaHostPort;
    }

    /** A service's own Kafka login (SCRAM-SHA-512, its password among the run's secrets). */
    public Map<String, Object> kafkaLogin(Service service) {
        return BusUsers.login(service.module(), busUsers.servicePasswords().get(service.module()));
    }

    /** How long starting took: Kafka and PostgreSQL, then the services (image builds included). */
    public Map<String, Duration> timings() {
        return new LinkedHashMap<>(timings);
    }

    /** {@code docker kill} (SIGKILL) of a service's container: no shutdown hook runs, nothing is flushed. */
    public void kill(Service service) {
        docker().killContainerCmd(services.get(service).getContainerId()).withSignal("KILL").exec();
    }

    /**
     * {@code docker start} of a service's container (the same container: name, network alias, published port
     * and configuration are kept), then waits until it is ready.
     */
    public void start(Service service) {
        docker().startContainerCmd(services.get(service).getContainerId()).exec();
        awaitReady(service, READY_TIMEOUT);
    }

    public boolean isRunning(Service service) {
        Boolean running = docker().inspectContainerCmd(services.get(service).getContainerId()).exec().getState()
                .getRunning();
        return Boolean.TRUE.equals(running);
    }

    private void awaitReady(Service service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI uri = URI.create(url(service) + "/q/health/ready");
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service.module(), e);
            }
            if (!isRunning(service)) {
                throw new IllegalStateException(service.module() + " exited while starting; its log:\n"
                        + tail(services.get(service).getLogs(), 25));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + service.module(), e);
            }
        }
        throw new IllegalStateException(service.module() + " was not ready within " + timeout.toSeconds() + " s; its log:\n"
                + tail(services.get(service).getLogs(), 25));
    }

    private static DockerClient docker() {
        return DockerClientFactory.instance().client();
    }

    private static String tail(String log, int lines) {
        List<String> all = log.lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    /** Writes each container's log to target/containers/, then removes the containers and the network. */
    @Override
    public void close() {
        Map<String, GenericContainer<?>> all = new LinkedHashMap<>();
        services.forEach((s, c) -> all.put(s.module(), c));
        all.put("kafka", kafka);
        all.put("postgres", postgres);
        saveLogs(all);
        List<RuntimeException> failures = new ArrayList<>();
        all.values().forEach(c -> {
            try {
                c.stop();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        });
        try {
            network.close();
        } catch (RuntimeException e) {
            failures.add(e);
        }
        if (!failures.isEmpty()) {
            RuntimeException e = new IllegalStateException("stopping the containers failed");
            failures.forEach(e::addSuppressed);
            throw e;
        }
    }

    private static void saveLogs(Map<String, GenericContainer<?>> containers) {
        Path dir = Path.of("target", "containers");
        containers.forEach((name, c) -> {
            if (c.getContainerId() == null) {
                return;
            }
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve(name + ".log"), c.getLogs());
            } catch (IOException | RuntimeException e) {
                // no log to keep (the container is gone, or the disk is full): stopping matters more
            }
        });
    }
}

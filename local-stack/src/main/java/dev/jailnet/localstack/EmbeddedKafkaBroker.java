package dev.jailnet.localstack;

import dev.jailnet.events.BusAccess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.utils.Time;

/**
 * A real Apache Kafka broker (KRaft, broker and controller in one node) running in this JVM. Its log
 * directory may be kept between runs: a formatted directory is started as it is.
 * <p>
 * Nothing gets in without a login: clients log in with SCRAM-SHA-512 (the administrator and each service,
 * see {@link BusUsers}), the broker to its own controller with PLAIN, and the standard authorizer lets each
 * service write only the topics it owns and read only those it consumes ({@link BusAccess}); the
 * administrator is the one super user. A log directory formatted before logins existed is given its
 * administrator once, then started like any other.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    static final String MECHANISM = "SCRAM-SHA-512";
    /** Marks a log directory whose cluster knows the administrator's SCRAM login. */
    private static final String SECURED = "jailnet-logins";

    private final KafkaRaftServer server;
    private final Path logDir;
    private final int brokerPort;
    private final int controllerPort;
    private final BusUsers users;

    private EmbeddedKafkaBroker(KafkaRaftServer server, Path logDir, int brokerPort, int controllerPort,
                                BusUsers users) {
        this.server = server;
        this.logDir = logDir;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.users = users;
    }

    /**
     * Starts a broker on {@code port} (0 picks a free one) with its data in {@code logDir}, its users and their
     * ACLs in place and every topic of the system made; this JVM's tools log in as its administrator.
     */
    public static EmbeddedKafkaBroker start(Path logDir, int port, BusUsers users) {
        return start(logDir, port == 0 ? Ports.free() : port, Ports.free(), users);
    }

    /** After {@link #close()}: a broker again, with the same log directory and ports, as a restarted one would be. */
    public EmbeddedKafkaBroker startAgain() {
        return start(logDir, brokerPort, controllerPort, users);
    }

    private static EmbeddedKafkaBroker start(Path logDir, int brokerPort, int controllerPort, BusUsers users) {
        try {
            Files.createDirectories(logDir);
            if (Files.exists(logDir.resolve("meta.properties")) && !Files.exists(logDir.resolve(SECURED))) {
                giveTheAdministratorALogin(logDir, brokerPort, controllerPort, users);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
        Properties props = config(logDir, brokerPort, controllerPort, users);
        EmbeddedKafkaBroker broker = run(logDir, brokerPort, controllerPort, users, props, users.adminLogin());
        KafkaLogins.register(broker.bootstrapServers(), users.adminLogin());
        broker.grantAccess();
        return broker;
    }

    /** A directory of an earlier version, without logins: started as it was made, the administrator added. */
    private static void giveTheAdministratorALogin(Path logDir, int brokerPort, int controllerPort, BusUsers users)
            throws IOException {
        Properties plain = common(logDir, brokerPort, controllerPort);
        plain.putAll(Map.of(
                "listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort,
                "inter.broker.listener.name", "PLAINTEXT",
                "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"));
        EmbeddedKafkaBroker unsecured = run(logDir, brokerPort, controllerPort, users, plain, Map.of());
        try (Admin admin = Admin.create(unsecured.clientProperties(Map.of()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(BusAccess.ADMIN,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), users.adminPassword())))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while adding the Kafka administrator", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot add the Kafka administrator: " + e.getMessage(), e);
        } finally {
            unsecured.close();
        }
        markSecured(logDir);
    }

    private static void markSecured(Path logDir) throws IOException {
        Files.writeString(logDir.resolve(SECURED), "the cluster of this directory knows its administrator's login\n");
    }

    private static Properties config(Path logDir, int brokerPort, int controllerPort, BusUsers users) {
        String admin = BusAccess.ADMIN;
        String password = users.adminPassword();
        Properties props = common(logDir, brokerPort, controllerPort);
        props.putAll(Map.ofEntries(
                Map.entry("listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:"
                        + controllerPort),
                Map.entry("advertised.listeners", "SASL_PLAINTEXT://127.0.0.1:" + brokerPort),
                Map.entry("inter.broker.listener.name", "SASL_PLAINTEXT"),
                Map.entry("listener.security.protocol.map", "SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT"),
                Map.entry("sasl.enabled.mechanisms", MECHANISM),
                Map.entry("sasl.mechanism.inter.broker.protocol", MECHANISM),
                Map.entry("listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + admin
                                + "\" password=\"" + password + "\";"),
                // SCRAM logins live in the metadata the controller serves, so the controller's own listener
                // takes PLAIN, with the administrator as its only user
                Map.entry("sasl.mechanism.controller.protocol", "PLAIN"),
                Map.entry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN"),
                Map.entry("listener.name.controller.plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + admin
                                + "\" password=\"" + password + "\" user_" + admin + "=\"" + password + "\";"),
                Map.entry("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer"),
                Map.entry("super.users", Stream.concat(Stream.of(admin), users.superUsers().stream())
                        .map(u -> "User:" + u).collect(Collectors.joining(";"))),
                Map.entry("allow.everyone.if.no.acl.found", "false")));
        return props;
    }

    private static Properties common(Path logDir, int brokerPort, int controllerPort) {
        Properties props = new Properties();
        props.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", "1"),
                Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("log.dirs", logDir.toAbsolutePath().toString()),
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("offsets.topic.num.partitions", "6"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("num.partitions", "6"),
                Map.entry("auto.create.topics.enable", "false")));
        return props;
    }

    private static EmbeddedKafkaBroker run(Path logDir, int brokerPort, int controllerPort, BusUsers users,
                                           Properties props, Map<String, Object> login) {
        try {
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(logDir, props, users);
                markSecured(logDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare Kafka log directory " + logDir, e);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        server.startup();
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, logDir, brokerPort, controllerPort, users);
        broker.awaitReady(login, Duration.ofSeconds(60));
        return broker;
    }

    private static void format(Path logDir, Properties props, BusUsers users) throws IOException {
        Path config = Files.createTempFile("kafka-format", ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            props.store(out, "jailnet embedded broker");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            String clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
            StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString(), "--standalone",
                "--add-scram", MECHANISM + "=[name=" + BusAccess.ADMIN + ",password=" + users.adminPassword() + "]"},
                    printStream);
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage: " + output.toString(StandardCharsets.UTF_8), e);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /** Ready means the broker answers a metadata request, not merely that its port is open. */
    private void awaitReady(Map<String, Object> login, Duration timeout) {
        Map<String, Object> props = clientProperties(login);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-probe-" + UUID.randomUUID());
        try (Admin admin = Admin.create(props)) {
            BusGrants.awaitAnswer(admin, timeout);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("Kafka broker at " + bootstrapServers() + " did not become ready", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    private Map<String, Object> clientProperties(Map<String, Object> login) {
        Map<String, Object> props = new HashMap<>(login);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Every service's login and ACLs, and every topic of the system: see {@link BusGrants}. */
    private void grantAccess() {
        try (Admin admin = Admin.create(clientProperties(users.adminLogin()))) {
            BusGrants.apply(admin, users);
        }
    }

    public int port() {
        return brokerPort;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}

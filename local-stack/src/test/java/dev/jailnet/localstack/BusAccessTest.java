package dev.jailnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.events.BusAccess;
import dev.jailnet.events.Topics;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bus starts from deny: each service logs in as itself and may write only the topics it owns and read
 * only those it consumes, the console only read, against a real broker with the ACLs {@code jailnet up} makes.
 */
class BusAccessTest {

    private static EmbeddedKafkaBroker broker;
    private static BusUsers users;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> passwords = new HashMap<>();
        BusAccess.PRINCIPALS.forEach(a -> passwords.put(a.principal(), UUID.randomUUID().toString()));
        users = new BusUsers(UUID.randomUUID().toString(), passwords, Set.of());
        broker = EmbeddedKafkaBroker.start(Files.createTempDirectory("bus-access"), 0, users);
    }

    @AfterAll
    static void stop() {
        broker.close();
    }

    @Test
    void ifnetServiceCannotForgeAJailEventAndNothingItTriedReachesAConsumer() {
        long before = endOffsets(Topics.JAIL_EVENTS);
        try (KafkaProducer<String, String> ifnet = producer("ifnet-service")) {
            assertThatThrownBy(() -> ifnet.send(new ProducerRecord<>(Topics.JAIL_EVENTS, "vnet7",
                    "{\"type\":\"JailRefsDrained\"}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(endOffsets(Topics.JAIL_EVENTS)).as("records on jail events").isEqualTo(before);
    }

    @Test
    void aServiceWritesTheTopicsItOwns() throws Exception {
        for (BusAccess access : BusAccess.SERVICES) {
            try (KafkaProducer<String, String> producer = producer(access.principal())) {
                for (String topic : access.writes()) {
                    assertThat(producer.send(new ProducerRecord<>(topic, "vnet1", "{}")).get(30, TimeUnit.SECONDS)
                            .topic()).isEqualTo(topic);
                }
            }
        }
    }

    @Test
    void aServiceReadsOnlyWhatItConsumesAndOnlyInItsOwnGroups() {
        try (KafkaConsumer<String, String> jail = consumer("jail-service", "jail-service.vnet-events")) {
            jail.subscribe(List.of(Topics.VNET_EVENTS));
            jail.poll(Duration.ofSeconds(2));
        }
        try (KafkaConsumer<String, String> jail = consumer("jail-service", "jail-service.commands")) {
            jail.subscribe(List.of(Topics.IFNET_COMMANDS));
            assertThatThrownBy(() -> jail.poll(Duration.ofSeconds(10))).isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> jail = consumer("jail-service", "vnet-service.jail-events")) {
            jail.subscribe(List.of(Topics.VNET_EVENTS));
            assertThatThrownBy(() -> jail.poll(Duration.ofSeconds(10))).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void theConsoleReadsWhatTheServicesPublishInItsOneGroupAndWritesNothing() {
        try (KafkaConsumer<String, String> console = consumer("console", BusAccess.CONSOLE_GROUP)) {
            console.subscribe(List.copyOf(BusAccess.CONSOLE.reads()));
            console.poll(Duration.ofSeconds(2));
        }
        try (KafkaConsumer<String, String> console = consumer("console", BusAccess.CONSOLE_GROUP)) {
            console.subscribe(List.of(Topics.IFNET_COMMANDS));
            assertThatThrownBy(() -> console.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaConsumer<String, String> console = consumer("console", "console.events")) {
            console.subscribe(List.of(Topics.VNET_EVENTS));
            assertThatThrownBy(() -> console.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(GroupAuthorizationException.class);
        }
        long before = endOffsets(Topics.VNET_EVENTS);
        try (KafkaProducer<String, String> console = producer("console")) {
            // a principal that may write nothing is refused before any topic: at the producer's id. The refusal
            // fails the send's future, or the send itself when the producer has already had it
            assertThatThrownBy(() -> console.send(new ProducerRecord<>(Topics.VNET_EVENTS, "vnet7",
                    "{\"type\":\"VnetDestroyed\"}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOfAny(ExecutionException.class, KafkaException.class)
                    .hasCauseInstanceOf(AuthorizationException.class);
        }
        assertThat(endOffsets(Topics.VNET_EVENTS)).as("records on VNET events").isEqualTo(before);
    }

    @Test
    void aWrongPasswordOrNoLoginGetsNothing() {
        Map<String, Object> wrong = KafkaLogins.clientProperties(broker.bootstrapServers(),
                BusUsers.login("jail-service", "not-its-password"));
        wrong.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(wrong, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.JAIL_EVENTS, "vnet1", "{}"))
                    .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        Map<String, Object> none = new HashMap<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers(), ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(none, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.JAIL_EVENTS, "vnet1", "{}"))
                    .get(30, TimeUnit.SECONDS)).as("a client that does not log in").isInstanceOf(Exception.class);
        }
    }

    @Test
    void theLoginsAndAclsOutliveARestart() throws Exception {
        broker.close();
        broker = broker.startAgain();
        try (KafkaProducer<String, String> jail = producer("jail-service")) {
            assertThat(jail.send(new ProducerRecord<>(Topics.JAIL_EVENTS, "vnet1", "{}")).get(30, TimeUnit.SECONDS)
                    .topic()).isEqualTo(Topics.JAIL_EVENTS);
        }
        try (KafkaProducer<String, String> ifnet = producer("ifnet-service")) {
            assertThatThrownBy(() -> ifnet.send(new ProducerRecord<>(Topics.JAIL_EVENTS, "vnet1", "{}"))
                    .get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(String service) {
        Map<String, Object> props = KafkaLogins.clientProperties(broker.bootstrapServers(),
                BusUsers.login(service, users.servicePasswords().get(service)));
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String service, String group) {
        Map<String, Object> props = KafkaLogins.clientProperties(broker.bootstrapServers(),
                BusUsers.login(service, users.servicePasswords().get(service)));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** The sum of the topic's end offsets, read as the administrator. */
    private static long endOffsets(String topic) {
        try (KafkaConsumer<String, String> admin = new KafkaConsumer<>(KafkaLogins.clientProperties(
                broker.bootstrapServers()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = admin.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return admin.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}

package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.cli.Service;
import dev.jailnet.events.Topics;
import dev.jailnet.localstack.KafkaLogins;
import dev.jailnet.system.containers.ContainerSystem;
import dev.jailnet.system.containers.JailnetContainers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The broker as compose runs it starts from deny: a service's own login may not write another's topic, and
 * a client without a login gets nothing. The same logins, ACLs and broker settings as docker-compose.yml.
 */
@ExtendWith(JailnetContainers.class)
class ContainerBusAccessIT {

    @Test
    void ifnetServiceCannotForgeAJailEventAndNothingItTriedReachesAConsumer(ContainerSystem system) {
        long before = endOffset(system, Topics.JAIL_EVENTS);
        Map<String, Object> ifnet = new HashMap<>(KafkaLogins.clientProperties(system.kafkaBootstrap()));
        ifnet.putAll(system.kafkaLogin(Service.IFNET));
        ifnet.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(ifnet, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.JAIL_EVENTS, "vnet7",
                    "{\"type\":\"JailRefsDrained\"}")).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(endOffset(system, Topics.JAIL_EVENTS)).as("records on " + Topics.JAIL_EVENTS).isEqualTo(before);
    }

    @Test
    void aClientWithoutALoginGetsNothing(ContainerSystem system) {
        Map<String, Object> anonymous = Map.of("bootstrap.servers", system.kafkaBootstrap(),
                "default.api.timeout.ms", 5_000, "request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(anonymous)) {
            assertThatThrownBy(() -> admin.listTopics().names().get(10, TimeUnit.SECONDS))
                    .isInstanceOfAny(ExecutionException.class, java.util.concurrent.TimeoutException.class);
        }
    }

    /** Read by the administrator, whose login this JVM's tools use. */
    private static long endOffset(ContainerSystem system, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                KafkaLogins.clientProperties(system.kafkaBootstrap()), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }
}

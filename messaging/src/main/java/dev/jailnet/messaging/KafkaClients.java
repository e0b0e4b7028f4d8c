package dev.jailnet.messaging;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Makes every Kafka client of a service, from the {@code kafka.*} configuration plus the defaults the
 * delivery guarantees need. A {@code kafka.*} setting overrides a default.
 */
@ApplicationScoped
public class KafkaClients {

    private final Map<String, Object> kafka;
    private final MessagingConfig config;

    public KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> kafka, MessagingConfig config) {
        this.kafka = kafka;
        this.config = config;
    }

    /** {@code acks=all}, idempotent, and {@code linger.ms=0}: Kafka 4's 5 ms default costs ~6 ms per hop. */
    public static Map<String, Object> producerDefaults() {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        return props;
    }

    public KafkaProducer<String, byte[]> producer(String purpose) {
        Map<String, Object> props = new HashMap<>(producerDefaults());
        props.putAll(kafka);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, config.service() + "-" + purpose);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    public KafkaConsumer<String, byte[]> consumer(String group) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // a crashed service's partitions move to a live replica (or its restart) within seconds, not 45 s
        props.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        // an idle consumer's fetch comes back every 2 s, not 500 ms: records end the wait as soon as they arrive,
        // and a stalled record is tried again from memory (ConsumerLoop), not by a fetch
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 2_000);
        props.putAll(kafka);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, group + "-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        return new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    }

    public Admin admin() {
        Map<String, Object> props = new HashMap<>(kafka);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, config.service() + "-admin");
        return Admin.create(props);
    }
}

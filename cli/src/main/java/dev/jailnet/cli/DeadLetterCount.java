package dev.jailnet.cli;

import dev.jailnet.events.Topics;
import dev.jailnet.localstack.KafkaLogins;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The dead-letter topic from a moment on: its end offsets are taken when this is made, and {@link #since()}
 * reads what was written after them, however it was encoded (a dead letter may be undecodable by nature).
 */
public final class DeadLetterCount {

    private static final String DLQ_HEADERS = "jailnet-dlq-";

    private final String bootstrap;
    private final Map<TopicPartition, Long> start;

    private DeadLetterCount(String bootstrap, Map<TopicPartition, Long> start) {
        this.bootstrap = bootstrap;
        this.start = start;
    }

    /** Where the dead-letter topic ends now. */
    public static DeadLetterCount from(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS, Duration.ofSeconds(30))
                    .stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            return new DeadLetterCount(bootstrap, consumer.endOffsets(partitions, Duration.ofSeconds(30)));
        }
    }

    /** Each record dead-lettered since {@link #from}: where it came from and why, from its headers. */
    public List<String> since() {
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            consumer.assign(start.keySet());
            start.forEach(consumer::seek);
            Map<TopicPartition, Long> end = consumer.endOffsets(start.keySet(), Duration.ofSeconds(30));
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String key = record.key() == null ? "-" : new String(record.key(), StandardCharsets.UTF_8);
                    StringBuilder line = new StringBuilder(record.topic() + "-" + record.partition() + "@"
                            + record.offset() + " key " + key);
                    for (Header header : record.headers()) {
                        if (header.key().startsWith(DLQ_HEADERS)) {
                            line.append(", ").append(header.key().substring(DLQ_HEADERS.length())).append(' ')
                                    .append(new String(header.value(), StandardCharsets.UTF_8));
                        }
                    }
                    found.add(line.toString());
                }
            }
        }
        return found;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        return new KafkaConsumer<>(KafkaLogins.clientProperties(bootstrap,
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }
}

package dev.jailnet.testsupport;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.MalformedMessageException;
import dev.jailnet.events.Message;
import dev.jailnet.localstack.KafkaLogins;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A test's own Kafka clients, playing the other services and watching what a service publishes. */
public final class KafkaProbe {

    private KafkaProbe() {
    }

    /** A producer of the test's own, for a test that sends many records one by one; the caller closes it. */
    public static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(KafkaLogins.clientProperties(bootstrap), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** Sends one record and answers where it was written. */
    public static RecordMetadata produce(String bootstrap, String topic, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            return producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static RecordMetadata produce(String bootstrap, String topic, Envelope envelope) {
        return produce(bootstrap, topic, envelope.key(), EventCodec.encode(envelope));
    }

    /** Sends the envelopes in order with one producer, as a burst a consumer may fetch in one poll. */
    public static void produceAll(String bootstrap, String topic, List<Envelope> envelopes) {
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            for (Envelope envelope : envelopes) {
                producer.send(new ProducerRecord<>(topic, envelope.key(), EventCodec.encode(envelope)));
            }
            producer.flush();
        }
    }

    /** The offset a consumer group has committed on a partition: the next record it will read; -1 for none. */
    public static long committed(String bootstrap, String group, TopicPartition partition) {
        try (Admin admin = Admin.create(KafkaLogins.clientProperties(bootstrap))) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(partition);
            return offset == null ? -1 : offset.offset();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    /** Reads the topic from the beginning until {@code done} holds for what was read, or the timeout. */
    public static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic, Duration timeout,
                                                         Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(KafkaLogins.clientProperties(bootstrap,
                Map.of(ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
        }
        return seen;
    }

    /** The value of a record's last header of that name, as text; null when it has none. */
    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A record whose envelope {@code match} accepts; a record that does not decode (other tests send some) is not. */
    public static Predicate<ConsumerRecord<String, byte[]>> envelopeWhere(Predicate<Envelope> match) {
        return record -> {
            try {
                return match.test(EventCodec.decode(record.value()));
            } catch (MalformedMessageException e) {
                return false;
            }
        };
    }

    /** Waits for a message of {@code type} on {@code topic} that {@code match} accepts; empty after the timeout. */
    public static <T extends Message> Optional<Envelope> await(String bootstrap, String topic, Class<T> type,
                                                               Predicate<T> match, Duration timeout) {
        Predicate<ConsumerRecord<String, byte[]>> matches = envelopeWhere(
                envelope -> type.isInstance(envelope.payload()) && match.test(type.cast(envelope.payload())));
        return readUntil(bootstrap, topic, timeout, seen -> seen.stream().anyMatch(matches)).stream()
                .filter(matches).findFirst().map(record -> EventCodec.decode(record.value()));
    }
}

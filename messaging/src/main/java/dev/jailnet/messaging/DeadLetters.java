package dev.jailnet.messaging;

import dev.jailnet.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

/** Moves a record that cannot be processed to the dead-letter topic, with the reason in its headers. */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final KafkaClients clients;
    private final MeterRegistry meters;
    private KafkaProducer<String, byte[]> producer;

    public DeadLetters(KafkaClients clients, MeterRegistry meters) {
        this.clients = clients;
        this.meters = meters;
    }

    /** Returns once the dead-letter topic has the record; throws if it cannot be written. */
    public void send(ConsumerRecord<String, byte[]> record, String consumer, Throwable reason) {
        ProducerRecord<String, byte[]> dead = new ProducerRecord<>(Topics.DEAD_LETTERS, null, record.key(),
                record.value(), record.headers());
        header(dead, Headers.DLQ_REASON, String.valueOf(reason.getMessage()));
        header(dead, Headers.DLQ_EXCEPTION, reason.getClass().getName());
        header(dead, Headers.DLQ_CONSUMER, consumer);
        header(dead, Headers.DLQ_TOPIC, record.topic());
        header(dead, Headers.DLQ_PARTITION, Integer.toString(record.partition()));
        header(dead, Headers.DLQ_OFFSET, Long.toString(record.offset()));
        try {
            producer().send(dead).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while dead-lettering", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot write to " + Topics.DEAD_LETTERS + ": " + e.getMessage(), e);
        }
        Counter.builder("jailnet.dlq.records").description("Records moved to the dead-letter topic")
                .tag("consumer", consumer).tag("topic", record.topic()).register(meters).increment();
        LOG.warnf("dead-lettered %s-%d@%d for %s: %s", record.topic(), record.partition(), record.offset(),
                consumer, reason.getMessage());
    }

    /**
     * A copy of an outbox record Kafka refused for good (it is parked): the reason in the headers, the body
     * left out when it is the body that is too large. Best effort: the parked row is the record that counts.
     */
    public void sendRefused(ProducerRecord<String, byte[]> refused, Throwable reason) {
        boolean tooLarge = reason instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || reason instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException;
        ProducerRecord<String, byte[]> copy = new ProducerRecord<>(Topics.DEAD_LETTERS, null, refused.key(),
                tooLarge ? null : refused.value(), refused.headers());
        header(copy, Headers.DLQ_REASON, String.valueOf(reason.getMessage()));
        header(copy, Headers.DLQ_EXCEPTION, reason.getClass().getName());
        header(copy, Headers.DLQ_CONSUMER, "outbox-relay");
        header(copy, Headers.DLQ_TOPIC, refused.topic());
        header(copy, Headers.DLQ_SIZE, Integer.toString(refused.value() == null ? 0 : refused.value().length));
        try {
            producer().send(copy).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warnf("the dead-letter copy of a parked %s record was not written: %s", refused.topic(), e.getMessage());
        }
    }

    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = clients.producer("dead-letters");
        }
        return producer;
    }

    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().remove(name);
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

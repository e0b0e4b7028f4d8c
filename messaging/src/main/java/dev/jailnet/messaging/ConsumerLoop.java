package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.MalformedMessageException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * One handler's consumer: poll, apply each record in its own transaction with its inbox entry, commit
 * offsets (asynchronously) after the records are applied. A record that cannot be read, or that keeps failing, goes to the
 * dead-letter topic and the loop moves on. Any other trouble (the broker, the database) restarts the
 * consumer from the last committed offset; the inbox makes the replay harmless.
 */
final class ConsumerLoop implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);

    private final MessageHandler handler;
    private final String group;
    private final KafkaClients clients;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final MessagingConfig.Consumer config;
    private final Timer handling;

    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Thread thread;

    ConsumerLoop(MessageHandler handler, String group, KafkaClients clients, Inbox inbox, DeadLetters deadLetters,
                 MessagingConfig.Consumer config, MeterRegistry meters) {
        this.handler = handler;
        this.group = group;
        this.clients = clients;
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.config = config;
        this.handling = Timer.builder("jailnet.consumer.handle").description("Time to apply one message")
                .tag("consumer", group).publishPercentiles(0.5, 0.99).register(meters);
    }

    void start() {
        thread = new Thread(this, "consumer-" + handler.name());
        thread.setDaemon(true);
        thread.start();
    }

    void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    boolean isAlive() {
        Thread t = thread;
        return running && t != null && t.isAlive();
    }

    @Override
    public void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = clients.consumer(group)) {
                consumer = c;
                c.subscribe(handler.topics());
                try {
                    pollUntilStopped(c);
                } catch (WakeupException e) {
                    if (running) {
                        LOG.warnf("consumer %s woken up unexpectedly; restarting", group);
                    }
                }
                if (!running) {
                    commitOnStop(c);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "consumer %s failed; restarting from the last committed offset", group);
                pause(config.retryBackoff().multipliedBy(20));
            } finally {
                consumer = null;
            }
        }
    }

    private void pollUntilStopped(KafkaConsumer<String, byte[]> c) {
        while (running) {
            ConsumerRecords<String, byte[]> records = c.poll(config.pollTimeout());
            for (ConsumerRecord<String, byte[]> record : records) {
                apply(record);
            }
            if (!records.isEmpty()) {
                // off the next record's path; a commit that fails only replays what the inbox then drops
                c.commitAsync((offsets, failure) -> {
                    if (failure != null) {
                        LOG.debugf("consumer %s could not commit %s: %s", group, offsets, failure.getMessage());
                    }
                });
            }
        }
    }

    private void commitOnStop(KafkaConsumer<String, byte[]> c) {
        try {
            c.commitSync(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.debugf("consumer %s could not commit on stop: %s", group, e.getMessage());
        }
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        Envelope envelope;
        try {
            envelope = EventCodec.decode(record.value());
        } catch (MalformedMessageException e) {
            deadLetters.send(record, group, e);
            return;
        }
        Duration backoff = config.retryBackoff();
        for (int attempt = 1; ; attempt++) {
            try {
                handling.record(() -> QuarkusTransaction.requiringNew().run(() -> {
                    if (inbox.claim(group, envelope.id(), envelope.key())) {
                        handler.handle(envelope);
                    }
                }));
                return;
            } catch (RuntimeException e) {
                Throwable cause = rootCause(e);
                if (cause instanceof PoisonMessageException || attempt >= config.maxAttempts()) {
                    deadLetters.send(record, group, cause);
                    return;
                }
                LOG.debugf("attempt %d at %s %s failed: %s", attempt, envelope.type(), envelope.id(), cause.getMessage());
                pause(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause
                && !(cause instanceof PoisonMessageException)) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}

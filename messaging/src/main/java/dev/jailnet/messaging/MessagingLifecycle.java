package dev.jailnet.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Starts the messaging runtime once the database is migrated: topics, then the relay, the housekeeping, then the
 * consumer loops of each {@link MessageHandler} ({@code jailnet.messaging.consumer.concurrency} of them, in one
 * group); stops them in reverse order.
 */
@ApplicationScoped
public class MessagingLifecycle {

    /** Narayana's: a transaction that lasts longer is rolled back by the reaper. */
    static final String TRANSACTION_TIMEOUT = "quarkus.transaction-manager.default-transaction-timeout";

    private final MessagingConfig config;
    private final TopicProvisioner topics;
    private final OutboxRelay relay;
    private final KafkaClients clients;
    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final MeterRegistry meters;
    private final ConsumerStalls stalls;
    private final Housekeeping housekeeping;
    private final Instance<MessageHandler> handlers;
    private final PersistenceContexts contexts;
    private final MessageTracing tracing;
    private final Duration transactionTimeout;
    private final List<ConsumerLoop> loops = new ArrayList<>();

    public MessagingLifecycle(MessagingConfig config, TopicProvisioner topics, OutboxRelay relay, KafkaClients clients,
                              Inbox inbox, PersistenceContexts contexts, DeadLetters deadLetters,
                              MeterRegistry meters, ConsumerStalls stalls, Housekeeping housekeeping,
                              MessageTracing tracing, @ConfigProperty(name = TRANSACTION_TIMEOUT, defaultValue = "60s")
                              Duration transactionTimeout, @Any Instance<MessageHandler> handlers) {
        this.config = config;
        this.topics = topics;
        this.relay = relay;
        this.clients = clients;
        this.inbox = inbox;
        this.contexts = contexts;
        this.deadLetters = deadLetters;
        this.meters = meters;
        this.stalls = stalls;
        this.housekeeping = housekeeping;
        this.handlers = handlers;
        this.tracing = tracing;
        this.transactionTimeout = transactionTimeout;
    }

    void onStart(@Observes @Priority(10) StartupEvent event) {
        int concurrency = config.consumer().concurrency();
        if (concurrency < 1) {
            throw new IllegalArgumentException(
                    "jailnet.messaging.consumer.concurrency must be at least 1, not " + concurrency);
        }
        if (config.topics().provision()) {
            topics.provision();
        }
        if (config.relay().enabled()) {
            relay.start();
        }
        if (config.retention().enabled()) {
            housekeeping.start();
        }
        if (config.consumer().enabled()) {
            for (MessageHandler handler : handlers) {
                String group = config.service() + "." + handler.name();
                for (int member = 1; member <= concurrency; member++) {
                    ConsumerLoop loop = new ConsumerLoop(handler, group, member, clients, inbox, contexts,
                            deadLetters, config.consumer(), meters, stalls, tracing, transactionTimeout);
                    loops.add(loop);
                    loop.start();
                }
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        housekeeping.stop();
        loops.forEach(ConsumerLoop::stop);
        loops.clear();
        relay.stop();
        deadLetters.close();
    }

    /** True when the relay (if enabled) and every consumer loop are running. */
    public boolean isHealthy() {
        return (!config.relay().enabled() || relay.isRunning()) && loops.stream().allMatch(ConsumerLoop::isAlive);
    }
}

package dev.jailnet.testsupport;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.localstack.TopicWatcher;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The base of a {@link ServiceTest} that plays the other services over Kafka: the topics it names are watched
 * from before each test until after it, on the broker the service under test uses, and it sends saga steps and
 * events as the other services would. A base class, not a JUnit extension: a {@code @QuarkusTest} runs on an
 * instance of its own class loader, which a registered extension's state does not reach.
 */
public abstract class TopicWatchingTest {

    /** How long a test waits for what the service should do; only a failing test waits that long. */
    protected static final Duration WAIT = Duration.ofSeconds(30);

    private final String[] topics;
    protected String bootstrap;
    protected TopicWatcher watcher;

    protected TopicWatchingTest(String... topics) {
        this.topics = topics;
    }

    @BeforeEach
    protected void watchTopics() {
        bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        watcher = new TopicWatcher(bootstrap, topics);
    }

    @AfterEach
    protected void stopWatchingTopics() {
        watcher.close();
    }

    /**
     * Sends a saga step as vnet-service does and waits for the participant's reply to that attempt (the
     * replies' topic must be among the watched ones).
     */
    protected SagaReply sagaStep(String commandsTopic, UUID saga, SagaCommand command) {
        KafkaProbe.produce(bootstrap, commandsTopic, Envelope.of(command, saga, null));
        return (SagaReply) watcher.expect(SagaReply.class, r -> r.vnetId().equals(command.vnetId())
                && r.step() == command.step() && r.attempt() == command.attempt(), WAIT).payload();
    }

    /** Publishes an event as the service that owns the topic would. */
    protected void send(String topic, Message message) {
        KafkaProbe.produce(bootstrap, topic, Envelope.of(message));
    }

    /** Publishes an event as the service that owns the topic would, in answer to {@code cause}. */
    protected void send(String topic, Message message, Envelope cause) {
        KafkaProbe.produce(bootstrap, topic, Envelope.of(message, cause.sagaId(), cause.id(), cause.actor()));
    }
}

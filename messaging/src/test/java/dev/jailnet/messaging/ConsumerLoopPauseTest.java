package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.problem.Failure;
import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.StoppablePostgresResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The database paused (SIGSTOP) under a consumer that is applying a record, for longer than both a transaction may
 * last and the consumer may go between polls: the broker takes the consumer's partitions away while its thread waits
 * on the database. Once the database answers, the consumer joins its group again, the record is applied once, and the
 * records after it are applied: nothing lost, nothing applied twice, nothing dead-lettered, the loop not wedged. The
 * limits are 3 s and 5 s here; 60 s and Kafka's 5 min in the services.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
@WithTestResource(value = StoppablePostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = StoppablePostgresResource.TRANSACTION_TIMEOUT, value = "3S"))
@WithTestResource(value = ConsumerLoopPauseTest.ShortPollInterval.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ConsumerLoopPauseTest {

    /**
     * A consumer that has not polled for 5 s leaves its group. A resource of this class's, not a test profile: a
     * profile starts the application in a class loader of its own, and with it a second broker in this JVM.
     */
    public static class ShortPollInterval implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            return Map.of("kafka.max.poll.interval.ms", "5000");
        }

        @Override
        public void stop() {
        }
    }

    @Inject
    RecordingHandler handler;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aConsumerThatLostItsPartitionsWaitingForAPausedDatabaseAppliesItsRecordOnceAndGoesOn() throws Exception {
        String vnet = "vnet-paused-" + UUID.randomUUID();
        int before = 431;
        int during = 432;
        int after = 433;
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, before)));
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(before) == 1);
        double unavailable = stalls(Failure.UNAVAILABLE);
        double unexpected = stalls(Failure.OTHER);

        StoppablePostgresResource.pauseDatabase();
        try {
            KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, during)));
            // the consumer takes the record at once and waits on the database, past the poll interval and the
            // transaction's timeout
            TimeUnit.SECONDS.sleep(12);
            assertThat(handler.committedInOrder(vnet)).containsExactly(before);
        } finally {
            StoppablePostgresResource.resumeDatabase();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> handler.effects(during) == 1);
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, after)));
        await().atMost(Duration.ofSeconds(60)).until(() -> handler.effects(after) == 1);
        TimeUnit.SECONDS.sleep(3);
        assertThat(stalls(Failure.OTHER))
                .as("a transaction the database outlived is an outage, not an unexpected failure").isEqualTo(unexpected);
        assertThat(stalls(Failure.UNAVAILABLE)).isGreaterThan(unavailable);
        assertThat(handler.effects(before)).isOne();
        assertThat(handler.effects(during)).isOne();
        assertThat(handler.committedInOrder(vnet)).containsExactly(before, during, after);
        assertThat(KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(3),
                seen -> seen.stream().anyMatch(r -> vnet.equals(r.key()))))
                .as("a paused database is not the record's fault: nothing is dead-lettered")
                .noneMatch(r -> vnet.equals(r.key()));
    }

    private double stalls(Failure failure) {
        return meters.counter("jailnet.consumer.stalls", "consumer", "messaging-test.recorder", "failure",
                failure.name()).count();
    }
}

package dev.jailnet.messaging;

import static io.restassured.RestAssured.given;
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
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The database goes away under a consumer: nothing is dead-lettered, nothing lost, and the service says it is not ready. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
@WithTestResource(value = StoppablePostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class ConsumerLoopOutageTest {

    @Inject
    ConsumerStalls stalls;
    @Inject
    RecordingHandler handler;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRecordThatArrivesWhileTheDatabaseIsDownWaitsForItAndIsAppliedOnce() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        String vnet = "vnet-outage-" + UUID.randomUUID();
        int jid = 424;

        StoppablePostgresResource.stopDatabase();
        try {
            KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, jid)));
            await().atMost(Duration.ofSeconds(30)).until(() -> stalls.current().stream()
                    .anyMatch(s -> s.failure() == Failure.UNAVAILABLE && s.attempts() > 3));
            assertThat(stalls.outage()).isTrue();
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            StoppablePostgresResource.startDatabase();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> handler.effects(jid) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> !stalls.outage());
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/q/health/ready").statusCode() == 200);
        assertThat(KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(3),
                seen -> seen.stream().anyMatch(r -> vnet.equals(r.key()))))
                .as("an outage is not the record's fault: nothing is dead-lettered")
                .noneMatch(r -> vnet.equals(r.key()));
    }
}

package dev.jailnet.routing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** routing-service as a saga participant; the test plays vnet-service. */
@QuarkusTest
@ServiceTest
class RoutingParticipantTest extends TopicWatchingTest {

    RoutingParticipantTest() {
        super(Topics.SAGA_REPLIES);
    }

    @Test
    void vnet0HasOneRibPerFamilyInFib0() {
        given().get("/api/vnets/vnet0/ribs").then().statusCode(200)
                .body("family", equalTo(List.of("INET", "INET6")))
                .body("fib", equalTo(List.of(0, 0)));
    }

    @Test
    void rtablesInitCreatesTheRibsOnceAndAnswersEveryAttemptAlike() {
        String vnetId = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        UUID saga = UUID.randomUUID();

        SagaReply first = command(saga, vnetId, SagaStep.RTABLES_INIT, 1);
        SagaReply again = command(saga, vnetId, SagaStep.RTABLES_INIT, 3);

        assertThat(first.success()).isTrue();
        assertThat(first.released()).isEqualTo(Map.of("ribs", 2));
        assertThat(again.attempt()).isEqualTo(3);
        assertThat(again.released()).isEqualTo(first.released());
        List<String> made = given().get("/api/vnets/" + vnetId + "/ribs").then().statusCode(200)
                .body("family", equalTo(List.of("INET", "INET6"))).body("vnetId[0]", equalTo(vnetId))
                .extract().path("createdAt");

        // attempt 2: the reply awaited is this one, not the first saga's attempt 1
        SagaReply anotherSaga = command(UUID.randomUUID(), vnetId, SagaStep.RTABLES_INIT, 2);
        assertThat(anotherSaga.success()).as("carried out again, not remembered").isTrue();
        assertThat(anotherSaga.released()).isEqualTo(Map.of("ribs", 2));
        given().get("/api/vnets/" + vnetId + "/ribs").then().statusCode(200).body("createdAt", equalTo(made));
    }

    @Test
    void rtablesDestroyRemovesTheRibs() {
        String vnetId = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        command(UUID.randomUUID(), vnetId, SagaStep.RTABLES_INIT, 1);

        assertThat(command(UUID.randomUUID(), vnetId, SagaStep.RTABLES_DESTROY, 1).released())
                .isEqualTo(Map.of("ribs", 2));
        given().get("/api/vnets/" + vnetId + "/ribs").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("vnetId"));
    }

    @Test
    void aCommandWithoutSagaIdIsDeadLetteredAndTheNextOneIsCarriedOut() {
        String vnetId = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaProbe.produce(bootstrap, Topics.ROUTING_COMMANDS, Envelope.of(new SagaCommand(vnetId, SagaStep.RTABLES_INIT, 1)));

        assertThat(command(UUID.randomUUID(), vnetId, SagaStep.RTABLES_INIT, 1).success()).isTrue();
        assertThat(KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS, WAIT,
                seen -> seen.stream().anyMatch(r -> vnetId.equals(r.key())))).anyMatch(r -> vnetId.equals(r.key()));
    }

    private SagaReply command(UUID saga, String vnetId, SagaStep step, int attempt) {
        return sagaStep(Topics.ROUTING_COMMANDS, saga, new SagaCommand(vnetId, step, attempt));
    }
}

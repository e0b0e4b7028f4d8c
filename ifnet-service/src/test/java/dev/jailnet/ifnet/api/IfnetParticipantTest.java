package dev.jailnet.ifnet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ifnet-service as a saga participant; the test plays vnet-service. */
@QuarkusTest
@ServiceTest
class IfnetParticipantTest extends TopicWatchingTest {

    IfnetParticipantTest() {
        super(Topics.SAGA_REPLIES, Topics.IFNET_EVENTS, Topics.DEAD_LETTERS);
    }

    @Test
    void vnet0HasItsLoopbackAndTheHostNics() {
        given().get("/api/vnets/vnet0/interfaces").then().statusCode(200)
                .body("name", equalTo(List.of("lo0", "em0", "em1")))
                .body("[0].kind", equalTo("LOOP"))
                .body("[0].flags", equalTo(List.of("UP", "LOOPBACK", "RUNNING", "MULTICAST")))
                .body("[0].mtu", equalTo(16384))
                .body("[1].kind", equalTo("ETHER"))
                .body("[1].homeVnet", equalTo("vnet0"))
                .body("[1].flags", equalTo(List.of("UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST")));
    }

    @Test
    void loifInitAttachesTheVnetsLoopbackOnceAndAnswersEveryAttemptAlike() {
        String vnetId = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        UUID saga = UUID.randomUUID();

        SagaReply first = command(saga, vnetId, SagaStep.LOIF_INIT, 1);
        SagaReply again = command(saga, vnetId, SagaStep.LOIF_INIT, 2);

        assertThat(first.success()).isTrue();
        assertThat(first.released()).containsEntry("interfaces", 1).containsKey("lo0");
        assertThat(again.attempt()).isEqualTo(2);
        assertThat(again.released()).isEqualTo(first.released());
        int index = first.released().get("lo0");
        given().get("/api/vnets/" + vnetId + "/interfaces").then().statusCode(200)
                .body("name", equalTo(List.of("lo0"))).body("[0].index", equalTo(index))
                .body("[0].homeVnet", equalTo(vnetId)).body("[0].vnet", equalTo(vnetId));
        assertThat(watcher.all(IfnetArrival.class, a -> a.vnetId().equals(vnetId))).hasSize(1)
                .first().satisfies(a -> assertThat(a.index()).isEqualTo(index));

        SagaReply anotherSaga = command(UUID.randomUUID(), vnetId, SagaStep.LOIF_INIT, 3);
        assertThat(anotherSaga.success()).as("carried out again, not remembered").isTrue();
        assertThat(anotherSaga.released()).isEqualTo(first.released());
        given().get("/api/vnets/" + vnetId + "/interfaces").then().body("index", equalTo(List.of(index)));
    }

    @Test
    void loifUninitDetachesTheLoopbackAndForgetsTheVnet() {
        String vnetId = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        command(UUID.randomUUID(), vnetId, SagaStep.LOIF_INIT, 1);

        SagaReply undone = command(UUID.randomUUID(), vnetId, SagaStep.LOIF_UNINIT, 1);

        assertThat(undone.released()).containsEntry("interfaces", 1);
        watcher.expect(IfnetDeparture.class, d -> d.vnetId().equals(vnetId) && d.name().equals("lo0")
                && d.fate() == IfnetDeparture.Fate.TOMBSTONE, WAIT);
        given().get("/api/vnets/" + vnetId + "/interfaces").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("vnetId"));
    }

    @Test
    void aStepItDoesNotCarryOutIsDeadLettered() {
        String vnetId = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaProbe.produce(bootstrap, Topics.IFNET_COMMANDS, Envelope.of(
                new SagaCommand(vnetId, SagaStep.RTABLES_INIT, 1), UUID.randomUUID(), null));

        List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> dead = KafkaProbe.readUntil(bootstrap,
                Topics.DEAD_LETTERS, WAIT, seen -> seen.stream().anyMatch(r -> vnetId.equals(r.key())));
        assertThat(dead).anyMatch(r -> vnetId.equals(r.key()) && new String(
                r.headers().lastHeader("jailnet-dlq-reason").value()).equals("IFNET does not carry out RTABLES_INIT"));
        given().get("/api/vnets/vnet0/interfaces").then().statusCode(200);
    }

    @Test
    void anUnknownVnetIsNotFound() {
        given().get("/api/vnets/vnet424242/interfaces").then().statusCode(404)
                .contentType("application/problem+json").body("detail", equalTo("no VNET vnet424242 in the interface layer"));
    }

    private SagaReply command(UUID saga, String vnetId, SagaStep step, int attempt) {
        return sagaStep(Topics.IFNET_COMMANDS, saga, new SagaCommand(vnetId, step, attempt));
    }
}

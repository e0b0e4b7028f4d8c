package dev.jailnet.vnet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Roles;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import dev.jailnet.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** vnet-service orchestrating VNET creation; the test plays jail-service, ifnet-service and routing-service. */
@QuarkusTest
@ServiceTest
class VnetCreationSagaTest extends TopicWatchingTest {

    private static final AtomicInteger JIDS = new AtomicInteger(100);

    @Inject
    AgroalDataSource dataSource;

    VnetCreationSagaTest() {
        super(Topics.IFNET_COMMANDS, Topics.ROUTING_COMMANDS, Topics.VNET_EVENTS);
    }

    @Test
    void aSagaWhoseDeadlineCannotBeHandledHoldsUpNoOther() throws Exception {
        String broken = "vnet-broken-" + JIDS.incrementAndGet();
        UUID brokenSaga = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.executeUpdate("insert into vnet (vnet_id, jid, state, created_at) values ('" + broken + "', 1, 'CREATING', now())");
            // a row this version cannot read: due first, it fails every time it is handled
            sql.executeUpdate("insert into saga (id, type, vnet_id, status, started_at, next_deadline, interfaces) values ('"
                    + brokenSaga + "', 'VNET_CREATE', '" + broken + "', 'RUNNING', now(), now() - interval '1 hour',"
                    + " '{\"not\": \"a list\"}')");
        }
        try {
            int jid = JIDS.incrementAndGet();
            String vnetId = "vnet" + jid;
            jailCreated(jid, vnetId);
            expectCommand(vnetId, SagaStep.LOIF_INIT, 1);

            expectCommand(vnetId, SagaStep.LOIF_INIT, 2);
        } finally {
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.executeUpdate("delete from saga where id = '" + brokenSaga + "'");
            }
        }
    }

    @Test
    void vnet0IsAliveFromTheStart() {
        given().get("/api/vnets/vnet0").then().statusCode(200).body("state", equalTo("ALIVE"));
        given().get("/api/vnets").then().statusCode(200).body("vnetId", hasItem("vnet0"));
    }

    @Test
    void aVnetJailsCreationRunsLoifInitThenRtablesInitThenPublishesVnetAlive() {
        int jid = JIDS.incrementAndGet();
        String vnetId = "vnet" + jid;
        Envelope created = jailCreated(jid, vnetId);

        Envelope loif = expectCommand(vnetId, SagaStep.LOIF_INIT, 1);
        assertThat(loif.causationId()).isEqualTo(created.id());
        given().get("/api/vnets/" + vnetId).then().statusCode(200).body("state", equalTo("CREATING"))
                .body("jid", equalTo(jid));
        reply(loif, true, null, Map.of("interfaces", 1));

        Envelope rtables = expectCommand(vnetId, SagaStep.RTABLES_INIT, 1);
        assertThat(rtables.sagaId()).isEqualTo(loif.sagaId());
        reply(rtables, true, null, Map.of("ribs", 2));

        Envelope alive = watcher.expect(VnetAlive.class, e -> e.vnetId().equals(vnetId), WAIT);
        assertThat(((VnetAlive) alive.payload()).jid()).isEqualTo(jid);
        assertThat(alive.key()).isEqualTo(vnetId);
        given().get("/api/vnets/" + vnetId).then().statusCode(200).body("state", equalTo("ALIVE"))
                .body("sagas[0].type", equalTo("VNET_CREATE")).body("sagas[0].status", equalTo("COMPLETED"));
        given().get("/api/sagas/" + loif.sagaId()).then().statusCode(200)
                .body("status", equalTo("COMPLETED"))
                .body("steps.step", equalTo(List.of("LOIF_INIT", "RTABLES_INIT")))
                .body("steps.status", equalTo(List.of("DONE", "DONE")))
                .body("steps[1].released.ribs", equalTo(2))
                .body("steps[0].participants", equalTo(List.of("IFNET")));
    }

    @Test
    void aRedeliveredJailCreatedStartsNoSecondSaga() {
        int jid = JIDS.incrementAndGet();
        String vnetId = "vnet" + jid;
        Envelope created = jailCreated(jid, vnetId);
        expectCommand(vnetId, SagaStep.LOIF_INIT, 1);

        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, Envelope.of(created.payload()));

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(
                () -> watcher.all(SagaCommand.class, c -> c.vnetId().equals(vnetId)).size() == 1);
        given().get("/api/vnets/" + vnetId).then().body("sagas.size()", equalTo(1));
    }

    @Test
    void aRefusedStepUndoesWhatWasDoneAndTheCreationFails() {
        int jid = JIDS.incrementAndGet();
        String vnetId = "vnet" + jid;
        jailCreated(jid, vnetId);
        reply(expectCommand(vnetId, SagaStep.LOIF_INIT, 1), true, null, Map.of("interfaces", 1));
        reply(expectCommand(vnetId, SagaStep.RTABLES_INIT, 1), false, "no memory for rib_head", Map.of());

        reply(expectCommand(vnetId, SagaStep.LOIF_UNINIT, 1), true, null, Map.of("interfaces", 1));

        Envelope failed = watcher.expect(VnetCreationFailed.class, e -> e.vnetId().equals(vnetId), WAIT);
        assertThat(((VnetCreationFailed) failed.payload()).reason())
                .isEqualTo("RTABLES_INIT failed: no memory for rib_head");
        given().get("/api/vnets/" + vnetId).then().body("state", equalTo("FAILED"))
                .body("reason", equalTo("RTABLES_INIT failed: no memory for rib_head"));
        assertThat(watcher.find(SagaCommand.class, c -> c.vnetId().equals(vnetId)
                && c.step() == SagaStep.RTABLES_DESTROY)).as("RTABLES_INIT did nothing to undo").isEmpty();
    }

    @Test
    void aStepWithoutReplyIsSentAgainThenTheCreationIsUndone() {
        int jid = JIDS.incrementAndGet();
        String vnetId = "vnet" + jid;
        jailCreated(jid, vnetId);

        Envelope first = expectCommand(vnetId, SagaStep.LOIF_INIT, 1);
        Envelope second = expectCommand(vnetId, SagaStep.LOIF_INIT, 2);
        assertThat(second.sagaId()).isEqualTo(first.sagaId());
        assertThat(second.id()).isNotEqualTo(first.id());

        Envelope undo = expectCommand(vnetId, SagaStep.LOIF_UNINIT, 1);
        reply(undo, true, null, Map.of("interfaces", 0));

        watcher.expect(VnetCreationFailed.class, e -> e.vnetId().equals(vnetId)
                && e.reason().equals("LOIF_INIT: no reply after 2 attempts"), WAIT);
        given().get("/api/sagas/" + first.sagaId()).then().body("status", equalTo("FAILED"))
                .body("steps.step", equalTo(List.of("LOIF_INIT", "RTABLES_INIT", "LOIF_UNINIT")))
                .body("steps.status", equalTo(List.of("FAILED", "SKIPPED", "DONE")))
                .body("steps[0].attempts", equalTo(2));
        given().get("/api/sagas?status=FAILED").then().statusCode(200).body("id", hasItem(first.sagaId().toString()));
    }

    @Test
    void aShutdownCarriesWhoRemovedTheJailAndTheTimelineShowsWhoRetriedIt() {
        int jid = JIDS.incrementAndGet();
        String vnetId = aliveVnet(jid);

        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, Envelope.of(
                new JailDying(jid, "jail" + jid, vnetId, "jail_remove"), null, null, "alice"));

        Envelope freeze = expectCommand(vnetId, SagaStep.FREEZE, 1);
        assertThat(freeze.actor()).as("the saga's commands carry who caused it").isEqualTo("alice");
        given().get("/api/vnets/" + vnetId + "/shutdown").then().statusCode(200)
                .body("requestedBy", equalTo("alice")).body("retriedBy", nullValue());

        given().auth().oauth2(Tokens.of("bob", Roles.OPERATOR)).post("/api/sagas/" + freeze.sagaId() + "/retry")
                .then().statusCode(202).body("retriedBy", equalTo("bob")).body("retriedAt", notNullValue());
        Envelope again = expectCommand(vnetId, SagaStep.FREEZE, 2);
        assertThat(again.actor()).as("a retry sends the step on behalf of the saga's actor").isEqualTo("alice");
        given().get("/api/sagas/" + freeze.sagaId()).then().body("requestedBy", equalTo("alice"))
                .body("retriedBy", equalTo("bob"));
        given().get("/api/audit").then().statusCode(200).body("actions.findAll { it.action == 'saga_retry' }.actor",
                hasItem("bob")).body("actions.findAll { it.actor == 'bob' }.object",
                hasItem("saga " + freeze.sagaId() + " (VNET_SHUTDOWN of " + vnetId + ")"));
    }

    @Test
    void aChildsVnetIsMadeFromItsParentsAndAJailSharingAVnetNeitherShutsItDownNorDrainsIt() {
        int parentJid = JIDS.incrementAndGet();
        String parentVnet = aliveVnet(parentJid);

        int childJid = JIDS.incrementAndGet();
        String childVnet = "vnet" + childJid;
        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, Envelope.of(new JailCreated(childJid, "jail" + parentJid
                + ".c", true, childVnet, List.of("epair3b"), Instant.now(), false, parentJid, parentVnet)));
        Envelope loif = expectCommand(childVnet, SagaStep.LOIF_INIT, 1);
        assertThat(((SagaCommand) loif.payload()).parentVnetId()).isEqualTo(parentVnet);
        given().get("/api/vnets/" + childVnet).then().body("parentVnet", equalTo(parentVnet));
        given().get("/api/vnets/" + parentVnet).then().body("parentVnet", equalTo("vnet0"));
        given().get("/api/vnets/vnet0").then().body("parentVnet", nullValue());

        int sharingJid = JIDS.incrementAndGet();
        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, Envelope.of(
                new JailDying(sharingJid, "jail" + parentJid + ".s", parentVnet, "jail_remove"), null, null, "sharer"));
        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, Envelope.of(new JailRefsDrained(sharingJid, parentVnet)));
        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, Envelope.of(
                new JailDying(parentJid, "jail" + parentJid, parentVnet, "jail_remove"), null, null, "owner"));
        assertThat(expectCommand(parentVnet, SagaStep.FREEZE, 1).actor())
                .as("the shutdown is its owner's: the sharing jail's death (read first) started nothing")
                .isEqualTo("owner");
        given().get("/api/vnets/" + parentVnet).then().body("state", equalTo("SHUTTING_DOWN"))
                .body("jailRefsDrained", equalTo(false));
    }

    @Test
    void unknownVnetsAndSagasAreNotFoundAndBadQueriesAreRejected() {
        given().get("/api/vnets/vnet999999").then().statusCode(404).contentType("application/problem+json")
                .body("field", equalTo("vnetId"));
        given().get("/api/sagas/" + java.util.UUID.randomUUID()).then().statusCode(404).body("field", equalTo("sagaId"));
        given().get("/api/sagas/not-a-uuid").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("id"));
        given().get("/api/sagas?status=DANCING").then().statusCode(400).contentType("application/problem+json")
                .body("field", equalTo("status"));
        given().get("/api/sagas?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    }

    /** The VNET of jail {@code jid} made, its creation saga answered as ifnet and routing would. */
    private String aliveVnet(int jid) {
        String vnetId = "vnet" + jid;
        jailCreated(jid, vnetId);
        reply(expectCommand(vnetId, SagaStep.LOIF_INIT, 1), true, null, Map.of("interfaces", 1));
        reply(expectCommand(vnetId, SagaStep.RTABLES_INIT, 1), true, null, Map.of("ribs", 2));
        watcher.expect(VnetAlive.class, e -> e.vnetId().equals(vnetId), WAIT);
        return vnetId;
    }

    private Envelope jailCreated(int jid, String vnetId) {
        Envelope created = Envelope.of(new JailCreated(jid, "jail" + jid, true, vnetId, List.of(), Instant.now()));
        KafkaProbe.produce(bootstrap, Topics.JAIL_EVENTS, created);
        return created;
    }

    private Envelope expectCommand(String vnetId, SagaStep step, int attempt) {
        return watcher.expect(SagaCommand.class,
                c -> c.vnetId().equals(vnetId) && c.step() == step && c.attempt() == attempt, WAIT);
    }

    private void reply(Envelope command, boolean success, String reason, Map<String, Integer> released) {
        SagaCommand c = (SagaCommand) command.payload();
        KafkaProbe.produce(bootstrap, Topics.SAGA_REPLIES, Envelope.of(
                new SagaReply(c.vnetId(), c.step(), c.attempt(), success, reason, released), command.sagaId(), command.id()));
    }
}

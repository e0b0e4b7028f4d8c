package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Roles;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class JailResourceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aJailWithoutVnetSharesVnet0AndIsAliveAtOnce() {
        String name = unique("db");
        ValidatableResponse created = create("{\"name\":\"" + name + "\"}").statusCode(201)
                .header("Location", startsWith("http"))
                .body("name", equalTo(name))
                .body("state", equalTo("ALIVE"))
                .body("vnet", equalTo(false))
                .body("vnetId", equalTo("vnet0"))
                .body("persist", equalTo(true))
                .body("userRefs", equalTo(1))
                .body("refs", equalTo(1))
                .body("createdAt", not(nullValue()));
        int jid = created.extract().path("jid");

        given().get("/api/jails/" + name).then().statusCode(200).body("jid", equalTo(jid));
        given().get("/api/jails/" + jid).then().statusCode(200).body("name", equalTo(name));
        given().get("/api/jails").then().statusCode(200).body("name", hasItem(name));
    }

    @Test
    void aVnetJailIsInvalidUntilItsVnetIsAliveAndItsCreationIsPublished() {
        String name = unique("web");
        ValidatableResponse created = create("{\"name\":\"" + name + "\",\"vnet\":true,\"persist\":true}")
                .statusCode(201).body("state", equalTo("INVALID")).body("vnet", equalTo(true))
                .body("vnetId", startsWith("vnet"));
        int jid = created.extract().path("jid");
        String vnetId = created.extract().path("vnetId");
        assertThat(vnetId).isNotEqualTo("vnet0");

        Optional<Envelope> published = KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailCreated.class,
                e -> e.jid() == jid, WAIT);
        assertThat(published).isPresent();
        assertThat(published.get().key()).isEqualTo(vnetId);
        assertThat((JailCreated) published.get().payload())
                .satisfies(e -> assertThat(e.vnet()).isTrue())
                .satisfies(e -> assertThat(e.vnetId()).isEqualTo(vnetId))
                .satisfies(e -> assertThat(e.name()).isEqualTo(name));

        given().contentType(ContentType.JSON).post("/api/jails/" + jid + "/processes").then().statusCode(409)
                .contentType("application/problem+json").body("detail", equalTo(
                        "cannot attach a process to jail " + jid + ": it is INVALID, not ALIVE"));

        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnetId, jid)));

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/jails/" + jid).then().body("state", equalTo("ALIVE")));
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailAlive.class, e -> e.jid() == jid, WAIT))
                .isPresent();
    }

    @Test
    void aFailedVnetCreationKillsTheJailWithTheReasonAndFreesIt() {
        String name = unique("doomed");
        ValidatableResponse created = create("{\"name\":\"" + name + "\",\"vnet\":true}").statusCode(201);
        int jid = created.extract().path("jid");
        String vnetId = created.extract().path("vnetId");

        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS,
                Envelope.of(new VnetCreationFailed(vnetId, jid, "LOIF_INIT: no reply after 5 attempts")));

        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailDying.class, e -> e.jid() == jid
                && "creation failed: LOIF_INIT: no reply after 5 attempts".equals(e.reason()), WAIT)).isPresent();
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailFreed.class, e -> e.jid() == jid, WAIT))
                .as("the creation saga undid the VNET, nothing can hold a jail that never lived: it is freed")
                .isPresent();
        given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
        create("{\"name\":\"" + name + "\"}").statusCode(201);
    }

    @Test
    void aJailRemovedWhileItsVnetIsCreatedIsFreedWhenTheCreationFails() {
        ValidatableResponse created = create("{\"name\":\"" + unique("abandoned") + "\",\"vnet\":true}")
                .statusCode(201);
        int jid = created.extract().path("jid");
        String vnetId = created.extract().path("vnetId");
        given().delete("/api/jails/" + jid).then().statusCode(202).body("state", equalTo("DYING"));

        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS,
                Envelope.of(new VnetCreationFailed(vnetId, jid, "IF_VMOVE: no interface epair999b in vnet0")));

        await().atMost(WAIT).untilAsserted(() -> given().get("/api/jails/" + jid + "?dying=true").then()
                .statusCode(404));
    }

    @Test
    void anOperatorsShutdownOfItsVnetKillsALiveJailAsJailRemoveWould() {
        AliveJail alive = aliveVnetJail("cut");
        int jid = alive.jid();
        String vnetId = alive.vnetId();
        given().post("/api/jails/" + jid + "/processes").then().statusCode(201);

        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(
                new VnetShutdownStarted(vnetId, jid, UUID.randomUUID().toString(), "operator"), null, null, "bob"));

        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailDying.class, e -> e.jid() == jid
                && "vnet_shutdown of its VNET by an operator".equals(e.reason()), WAIT)).get()
                .extracting(Envelope::actor).isEqualTo("bob");
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailRefsDrained.class, e -> e.jid() == jid, WAIT))
                .as("its process was killed with it, as jail_remove kills them").isPresent();
        given().get("/api/jails/" + jid + "?dying=true").then().body("state", equalTo("DYING"))
                .body("userRefs", equalTo(0)).body("persist", equalTo(false)).body("removedBy", equalTo("bob"));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetDestroyed(vnetId, jid, false)));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/jails/" + jid + "?dying=true").then()
                .statusCode(404));
    }

    @Test
    void theShutdownThatJailRemoveStartedChangesNothingMore() {
        AliveJail alive = aliveVnetJail("once");
        int jid = alive.jid();
        String vnetId = alive.vnetId();
        given().delete("/api/jails/" + jid).then().statusCode(202);
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(
                new VnetShutdownStarted(vnetId, jid, UUID.randomUUID().toString(), "jail_remove")));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetDestroyed(vnetId, jid, false)));

        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailFreed.class, e -> e.jid() == jid, WAIT))
                .isPresent();
        assertThat(KafkaProbe.readUntil(bootstrap, Topics.JAIL_EVENTS, java.time.Duration.ofSeconds(2),
                        records -> false).stream().map(r -> dev.jailnet.events.EventCodec.decode(r.value()))
                .filter(e -> e.payload() instanceof JailDying dying && dying.jid() == jid)
                .map(e -> ((JailDying) e.payload()).reason()))
                .as("one death, the removal's").containsExactly("jail_remove");
    }

    @Test
    void aJailThatIsNeitherPersistentNorEnteredByAProcessIsRefused() {
        String name = unique("nobody");
        create("{\"name\":\"" + name + "\",\"persist\":false}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("persist"));
        given().get("/api/jails/" + name).then().statusCode(404);
    }

    @Test
    void aNonPersistentVnetJailWhoseCreatorLeftBeforeItWasAliveDiesWhenItsVnetIsAlive() {
        ValidatableResponse created = create("{\"name\":\"" + unique("brief") + "\",\"vnet\":true,"
                + "\"persist\":false,\"attach\":true}").statusCode(201).body("userRefs", equalTo(1));
        int jid = created.extract().path("jid");
        String vnetId = created.extract().path("vnetId");
        int creator = created.extract().path("processes[0]");
        given().delete("/api/jails/" + jid + "/processes/" + creator).then().statusCode(204);

        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnetId, jid)));

        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailDying.class, e -> e.jid() == jid
                && "no process and not persistent".equals(e.reason()), WAIT)).isPresent();
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailRefsDrained.class, e -> e.jid() == jid, WAIT))
                .isPresent();
    }

    @Test
    void aHoldOutlivesVnetDestroyedAndTheJailIsFreedWithItsLastHold() {
        AliveJail alive = aliveVnetJail("legacy");
        int jid = alive.jid();
        String vnetId = alive.vnetId();
        int hold = given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + jid + "/holds").then()
                .statusCode(201).extract().path("id");
        given().delete("/api/jails/" + jid).then().statusCode(202);

        // the legacy teardown destroys the VNET at once, whatever still holds the jail
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetDestroyed(vnetId, jid, true)));
        await().atMost(WAIT).during(Duration.ofSeconds(1)).untilAsserted(() -> given()
                .get("/api/jails/" + jid + "?dying=true").then().statusCode(200).body("refs", equalTo(1)));

        given().delete("/api/jails/" + jid + "/holds/" + hold).then().statusCode(204);
        given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailFreed.class, e -> e.jid() == jid, WAIT))
                .isPresent();
    }

    @Test
    void processesAreUserReferencesAndTheLastOneKillsANonPersistentJail() {
        String name = unique("ephemeral");
        ValidatableResponse created = create("{\"name\":\"" + name + "\",\"persist\":false,\"attach\":true}")
                .statusCode(201).body("userRefs", equalTo(1));
        int jid = created.extract().path("jid");
        int first = created.extract().path("processes[0]");
        int second = given().post("/api/jails/" + name + "/processes").then().statusCode(201).extract().path("pid");
        given().get("/api/jails/" + jid).then().body("userRefs", equalTo(2)).body("refs", equalTo(2))
                .body("processes", equalTo(java.util.List.of(first, second)));

        given().delete("/api/jails/" + jid + "/processes/" + first).then().statusCode(204);
        given().get("/api/jails/" + jid).then().body("state", equalTo("ALIVE")).body("userRefs", equalTo(1));
        given().delete("/api/jails/" + jid + "/processes/" + second).then().statusCode(204);

        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailDying.class, e -> e.jid() == jid
                && "last process exited".equals(e.reason()), WAIT)).isPresent();
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailFreed.class, e -> e.jid() == jid, WAIT))
                .as("a jail without VNET that nothing holds is freed at once").isPresent();
        given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
    }

    @Test
    void persistIsSetAndClearedAsJailMDoesAndClearingTheLastUserReferenceKillsTheJail() {
        String name = unique("modified");
        int jid = create("{\"name\":\"" + name + "\"}").statusCode(201).extract().path("jid");
        int pid = given().post("/api/jails/" + name + "/processes").then().statusCode(201).extract().path("pid");

        given().delete("/api/jails/" + name + "/persist").then().statusCode(200).body("persist", equalTo(false))
                .body("state", equalTo("ALIVE")).body("userRefs", equalTo(1)).body("refs", equalTo(1));
        given().delete("/api/jails/" + name + "/persist").then().statusCode(200).body("userRefs", equalTo(1));
        given().put("/api/jails/" + jid + "/persist").then().statusCode(200).body("persist", equalTo(true))
                .body("userRefs", equalTo(2));
        given().put("/api/jails/" + jid + "/persist").then().statusCode(200).body("userRefs", equalTo(2));
        given().delete("/api/jails/" + jid + "/processes/" + pid).then().statusCode(204);
        given().get("/api/jails/" + jid).then().body("state", equalTo("ALIVE"));

        given().delete("/api/jails/" + jid + "/persist").then().statusCode(200).body("state", equalTo("DYING"))
                .body("userRefs", equalTo(0));
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailDying.class, e -> e.jid() == jid
                && "persist cleared: no process, no live child".equals(e.reason()), WAIT)).isPresent();
        given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
        given().put("/api/jails/" + jid + "/persist").then().statusCode(404).body("field", equalTo("jid"));

        int dying = create("{\"name\":\"" + unique("held") + "\"}").statusCode(201).extract().path("jid");
        given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + dying + "/holds").then().statusCode(201);
        given().delete("/api/jails/" + dying).then().statusCode(202);
        given().put("/api/jails/" + dying + "/persist").then().statusCode(409).body("field", equalTo("jid"))
                .body("detail", equalTo("cannot set persist on jail " + dying + ": it is DYING, not ALIVE"));
    }

    @Test
    void jailRemoveKillsTheProcessesAndAHoldKeepsTheDyingJailUntilReleased() {
        int jid = create("{\"name\":\"" + unique("removed") + "\"}").statusCode(201).extract().path("jid");
        given().post("/api/jails/" + jid + "/processes").then().statusCode(201);
        int hold = given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + jid + "/holds").then()
                .statusCode(201).extract().path("id");

        given().delete("/api/jails/" + jid).then().statusCode(202).body("state", equalTo("DYING"))
                .body("persist", equalTo(false)).body("userRefs", equalTo(0)).body("refs", equalTo(1))
                .body("reason", equalTo("jail_remove"));
        given().delete("/api/jails/" + jid).then().statusCode(202).body("state", equalTo("DYING"));
        given().get("/api/jails/" + jid + "?dying=true").then().body("processes", equalTo(java.util.List.of()));

        given().delete("/api/jails/" + jid + "/holds/" + hold).then().statusCode(204);
        given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
    }

    @Test
    void aVnetJailThatHoldsNothingWaitsForItsVnetToBeDestroyed() {
        AliveJail alive = aliveVnetJail("vnetted");
        int jid = alive.jid();
        String vnetId = alive.vnetId();

        given().auth().oauth2(Tokens.of("alice", Roles.OPERATOR)).delete("/api/jails/" + jid).then().statusCode(202)
                .body("removedBy", equalTo("alice"));

        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailDying.class, e -> e.jid() == jid, WAIT))
                .as("who removed the jail travels with what it caused").get().extracting(Envelope::actor)
                .isEqualTo("alice");
        assertThat(KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailRefsDrained.class, e -> e.jid() == jid, WAIT))
                .get().extracting(Envelope::actor).isEqualTo("alice");
        given().get("/api/jails/" + jid + "?dying=true").then().statusCode(200).body("state", equalTo("DYING"))
                .body("removedBy", equalTo("alice"));
        given().auth().oauth2(Tokens.viewer()).get("/api/audit").then().statusCode(200)
                .body("actions.findAll { it.action == 'jail_remove' && it.actor == 'alice' }.object",
                        hasItem(endsWith("(" + alive.name() + ")")))
                .body("actions.findAll { it.action == 'jail_create' }.actor", hasItem(Tokens.OPERATOR_SUBJECT));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetDestroyed(vnetId, jid, false)));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404));
    }

    @Test
    void holdsCountInRefsOnly() {
        int jid = create("{\"name\":\"" + unique("held") + "\"}").statusCode(201).extract().path("jid");
        int hold = given().contentType(ContentType.JSON).body("{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}")
                .post("/api/jails/" + jid + "/holds").then().statusCode(201)
                .body("description", equalTo("tcp 10.0.0.2:80 TIME_WAIT")).extract().path("id");
        given().get("/api/jails/" + jid).then().body("userRefs", equalTo(1)).body("refs", equalTo(2))
                .body("holds[0].id", equalTo(hold));

        given().delete("/api/jails/" + jid + "/holds/" + hold).then().statusCode(204);
        given().get("/api/jails/" + jid).then().body("refs", equalTo(1));
    }

    @Test
    void byNameADyingJailIsFoundWithDyingTrueAndTheLiveOneOfItsNameFirstAsPrisonFindNameDoes() {
        String name = unique("reused");
        int first = create("{\"name\":\"" + name + "\"}").statusCode(201).extract().path("jid");
        int firstHold = given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + first + "/holds").then()
                .statusCode(201).extract().path("id");
        given().delete("/api/jails/" + name).then().statusCode(202);

        given().get("/api/jails/" + name).then().statusCode(404)
                .body("detail", equalTo("jail " + name + " is dying; add ?dying=true to see it"));
        given().get("/api/jails/" + name + "?dying=true").then().statusCode(200).body("jid", equalTo(first))
                .body("state", equalTo("DYING"));

        int second = create("{\"name\":\"" + name + "\"}").statusCode(201).extract().path("jid");
        given().get("/api/jails/" + name).then().statusCode(200).body("jid", equalTo(second));
        given().get("/api/jails/" + name + "?dying=true").then().body("jid", equalTo(second))
                .body("state", equalTo("ALIVE"));

        int secondHold = given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + second + "/holds")
                .then().statusCode(201).extract().path("id");
        given().delete("/api/jails/" + name).then().statusCode(202);
        given().get("/api/jails/" + name + "?dying=true").then().statusCode(200).body("jid", equalTo(second))
                .body("state", equalTo("DYING"));

        given().delete("/api/jails/" + second + "/holds/" + secondHold).then().statusCode(204);
        given().get("/api/jails/" + name + "?dying=true").then().statusCode(200).body("jid", equalTo(first));
        given().delete("/api/jails/" + first + "/holds/" + firstHold).then().statusCode(204);
        given().get("/api/jails/" + name + "?dying=true").then().statusCode(404)
                .body("detail", equalTo("no jail " + name));
    }

    /** A jail with its own VNET, persistent, and ALIVE: its VNET reported alive as vnet-service would. */
    private AliveJail aliveVnetJail(String prefix) {
        ValidatableResponse created = create("{\"name\":\"" + unique(prefix) + "\",\"vnet\":true,\"persist\":true}")
                .statusCode(201);
        AliveJail alive = new AliveJail(created.extract().path("jid"), created.extract().path("vnetId"),
                created.extract().path("name"));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(alive.vnetId(), alive.jid())));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/jails/" + alive.jid()).then()
                .body("state", equalTo("ALIVE")));
        return alive;
    }

    private record AliveJail(int jid, String vnetId, String name) {
    }

    private static ValidatableResponse create(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/jails").then();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}

package dev.jailnet.jail.api;

import static dev.jailnet.jail.api.JailResourceTest.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Jails within jails: names, {@code children.max}, the references a child holds on its parent, and a parent's
 * {@code jail_remove} taking its descendants deepest first, each child's {@code vnet_shutdown} finished before its
 * parent's starts. vnet-service's events are produced here as it would publish them.
 */
@QuarkusTest
@ServiceTest
class JailHierarchyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int ROUNDS = 10;
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(8);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @Test
    void aDottedNameIsAJailInTheJailItBeginsWithAndHoldsItsReferences() {
        String top = unique("top");
        int parent = create("{\"name\":\"" + top + "\",\"childrenMax\":2}").statusCode(201).extract().path("jid");

        int child = create("{\"name\":\"" + top + ".web\"}").statusCode(201)
                .body("name", equalTo(top + ".web")).body("parent", equalTo(parent))
                .body("vnetId", equalTo("vnet0")).body("state", equalTo("ALIVE")).body("childrenMax", equalTo(0))
                .extract().path("jid");
        int named = create("{\"name\":\"db\",\"parent\":\"" + parent + "\"}").statusCode(201)
                .body("name", equalTo(top + ".db")).body("parent", equalTo(parent)).extract().path("jid");

        given().get("/api/jails/" + parent).then().statusCode(200).body("parent", nullValue())
                .body("childrenCur", equalTo(2)).body("childrenMax", equalTo(2))
                .body("userRefs", equalTo(3)).body("refs", equalTo(3));
        given().get("/api/jails/" + top + ".web").then().statusCode(200).body("jid", equalTo(child));
        JailCreated created = (JailCreated) KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailCreated.class,
                e -> e.jid() == named, WAIT).orElseThrow().payload();
        assertThat(created.parentJid()).isEqualTo(parent);
        assertThat(created.parentVnetId()).isEqualTo("vnet0");
    }

    @Test
    void childrenMaxLimitsTheDescendantsOfEveryAncestor() {
        String top = unique("limited");
        create("{\"name\":\"" + top + "\",\"childrenMax\":2}").statusCode(201);
        create("{\"name\":\"" + top + ".a\",\"childrenMax\":2}").statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("childrenMax"));
        create("{\"name\":\"" + top + ".a\",\"childrenMax\":1}").statusCode(201);
        create("{\"name\":\"" + top + ".a.b\"}").statusCode(201).body("name", equalTo(top + ".a.b"));

        create("{\"name\":\"" + top + ".c\"}").statusCode(409).contentType("application/problem+json")
                .body("field", equalTo("parent"))
                .body("detail", startsWith("prison limit exceeded"));
        create("{\"name\":\"" + top + ".a.b.d\"}").statusCode(409).body("field", equalTo("parent"));
        create("{\"name\":\"" + unique("plain") + "\"}").statusCode(201);
        String leaf = unique("leaf");
        create("{\"name\":\"" + leaf + "\"}").statusCode(201).body("childrenMax", equalTo(0));
        create("{\"name\":\"" + leaf + ".x\"}").statusCode(409).body("field", equalTo("parent"));
    }

    @Test
    void aJailIsCreatedOnlyInALiveJailThatExists() {
        create("{\"name\":\"" + unique("nosuch") + ".x\"}").statusCode(400).body("field", equalTo("name"));
        create("{\"name\":\"x\",\"parent\":\"999998\"}").statusCode(400).body("field", equalTo("parent"));
        String top = unique("going");
        int jid = create("{\"name\":\"" + top + "\",\"childrenMax\":1}").statusCode(201).extract().path("jid");
        create("{\"name\":\"" + top + "..x\"}").statusCode(400).body("field", equalTo("name"));
        create("{\"name\":\"" + top + ".\"}").statusCode(400).body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"description\":\"keeps it dying\"}")
                .post("/api/jails/" + jid + "/holds").then().statusCode(201);
        given().delete("/api/jails/" + jid).then().statusCode(202);
        create("{\"name\":\"x\",\"parent\":\"" + jid + "\"}").statusCode(409).body("field", equalTo("parent"));
        create("{\"name\":\"" + top + ".x\"}").statusCode(400).body("field", equalTo("name"));
        given().get("/api/jails/" + jid + "?dying=true").then().body("childrenCur", equalTo(0));
    }

    @Test
    void aChildWithoutAVnetSharesItsParentsAndOneWithItsOwnIsMadeFromIt() {
        Alive parent = aliveVnetJail("{\"name\":\"" + unique("stack") + "\",\"vnet\":true,\"childrenMax\":2}");
        create("{\"name\":\"" + parent.name() + ".shared\"}").statusCode(201)
                .body("vnet", equalTo(false)).body("vnetId", equalTo(parent.vnetId())).body("state", equalTo("ALIVE"));
        ValidatableResponse own = create("{\"name\":\"" + parent.name() + ".own\",\"vnet\":true}").statusCode(201)
                .body("state", equalTo("INVALID"));
        int ownJid = own.extract().path("jid");
        JailCreated created = (JailCreated) KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, JailCreated.class,
                e -> e.jid() == ownJid, WAIT).orElseThrow().payload();
        assertThat(created.vnetId()).isNotEqualTo(parent.vnetId());
        assertThat(created.parentVnetId()).isEqualTo(parent.vnetId());
        assertThat(created.parentJid()).isEqualTo(parent.jid());
    }

    @Test
    void removingAParentTakesItsDescendantsDeepestFirstAndEachVnetShutsDownBeforeItsParents() {
        Alive a = aliveVnetJail("{\"name\":\"" + unique("a") + "\",\"vnet\":true,\"childrenMax\":2}");
        Alive b = aliveVnetJail("{\"name\":\"" + a.name() + ".b\",\"vnet\":true,\"childrenMax\":1}");
        Alive c = aliveVnetJail("{\"name\":\"" + b.name() + ".c\",\"vnet\":true}");

        given().delete("/api/jails/" + a.jid()).then().statusCode(202).body("state", equalTo("DYING"));
        for (Alive jail : List.of(a, b, c)) {
            given().get("/api/jails/" + jail.jid() + "?dying=true").then().body("state", equalTo("DYING"));
        }
        assertThat(awaitEvent(JailDying.class, e -> e.jid() == c.jid())).isPresent();
        assertThat(awaitEvent(JailRefsDrained.class, e -> e.jid() == c.jid())).isPresent();
        assertThat(events(Duration.ofSeconds(2), JailDying.class, e -> e.jid() == b.jid() || e.jid() == a.jid()))
                .as("b's and a's vnet_shutdown wait for c's").isEmpty();

        produce(new VnetShutdownCompleted(c.vnetId(), c.jid(), "saga-c", 10, List.of()));
        assertThat(awaitEvent(JailDying.class, e -> e.jid() == b.jid())).isPresent();
        assertThat(events(Duration.ofSeconds(2), JailDying.class, e -> e.jid() == a.jid())).isEmpty();

        produce(new VnetShutdownCompleted(b.vnetId(), b.jid(), "saga-b", 10, List.of()));
        assertThat(awaitEvent(JailDying.class, e -> e.jid() == a.jid())).isPresent();
        assertThat(events(Duration.ofSeconds(1), JailRefsDrained.class, e -> e.jid() == b.jid() || e.jid() == a.jid()))
                .as("b and a are held by their children until those are freed").isEmpty();

        produce(new VnetDestroyed(c.vnetId(), c.jid(), false));
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == c.jid())).isPresent();
        assertThat(awaitEvent(JailRefsDrained.class, e -> e.jid() == b.jid())).isPresent();
        assertThat(events(Duration.ofSeconds(1), JailRefsDrained.class, e -> e.jid() == a.jid())).isEmpty();

        produce(new VnetDestroyed(b.vnetId(), b.jid(), false));
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == b.jid())).isPresent();
        assertThat(awaitEvent(JailRefsDrained.class, e -> e.jid() == a.jid())).isPresent();
        produce(new VnetDestroyed(a.vnetId(), a.jid(), false));
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == a.jid())).isPresent();
        given().get("/api/jails/" + a.jid() + "?dying=true").then().statusCode(404);
    }

    @Test
    void aHoldOnAGrandchildKeepsEveryAncestorUntilItIsReleased() {
        String top = unique("held");
        int a = create("{\"name\":\"" + top + "\",\"childrenMax\":2}").statusCode(201).extract().path("jid");
        int b = create("{\"name\":\"" + top + ".b\",\"childrenMax\":1}").statusCode(201).extract().path("jid");
        int c = create("{\"name\":\"" + top + ".b.c\"}").statusCode(201).extract().path("jid");
        long hold = given().contentType(ContentType.JSON).body("{\"description\":\"a socket in TIME_WAIT\"}")
                .post("/api/jails/" + c + "/holds").then().statusCode(201).extract().jsonPath().getLong("id");

        given().delete("/api/jails/" + a).then().statusCode(202);
        for (int jid : List.of(a, b, c)) {
            assertThat(awaitEvent(JailDying.class, e -> e.jid() == jid)).isPresent();
        }
        given().get("/api/jails/" + c + "?dying=true").then().body("refs", equalTo(1));
        given().get("/api/jails/" + b + "?dying=true").then().body("refs", equalTo(1)).body("userRefs", equalTo(0));
        given().get("/api/jails/" + a + "?dying=true").then().body("refs", equalTo(1)).body("childrenCur", equalTo(2));

        given().delete("/api/jails/" + c + "/holds/" + hold).then().statusCode(204);
        for (int jid : List.of(c, b, a)) {
            assertThat(awaitEvent(JailFreed.class, e -> e.jid() == jid)).isPresent();
            given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
        }
    }

    @Test
    void aRemovalThatWaitsAnswersOnceTheJailIsFreedAfterItsDescendants() throws Exception {
        String top = unique("waited");
        int a = create("{\"name\":\"" + top + "\",\"childrenMax\":1}").statusCode(201).extract().path("jid");
        Alive b = aliveVnetJail("{\"name\":\"" + top + ".b\",\"vnet\":true}");

        Future<Response> removal = CLIENTS.submit(() ->
                given().header("Prefer", "wait=30").delete("/api/jails/" + a));
        assertThat(awaitEvent(JailDying.class, e -> e.jid() == b.jid())).isPresent();
        produce(new VnetShutdownCompleted(b.vnetId(), b.jid(), "saga-b", 10, List.of()));
        produce(new VnetDestroyed(b.vnetId(), b.jid(), false));

        Response answer = removal.get(60, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).as("204 once the parent is freed, not 202 because its child holds it")
                .isEqualTo(204);
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == b.jid())).isPresent();
        given().get("/api/jails/" + a + "?dying=true").then().statusCode(404);
    }

    @Test
    void aChildSharingItsParentsVnetKeepsThatVnetFromBeingDestroyedUntilItIsFreed() {
        Alive parent = aliveVnetJail("{\"name\":\"" + unique("owner") + "\",\"vnet\":true,\"childrenMax\":1}");
        int child = create("{\"name\":\"" + parent.name() + ".sharer\"}").statusCode(201).extract().path("jid");
        long hold = given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + child + "/holds").then()
                .statusCode(201).extract().jsonPath().getLong("id");

        given().delete("/api/jails/" + parent.jid()).then().statusCode(202);
        assertThat(awaitEvent(JailDying.class, e -> e.jid() == parent.jid())).as("the sharer has no VNET to wait for")
                .isPresent();
        produce(new VnetShutdownCompleted(parent.vnetId(), parent.jid(), "saga-owner", 10, List.of()));
        assertThat(events(Duration.ofSeconds(2), JailRefsDrained.class, e -> e.jid() == parent.jid()))
                .as("the held child still uses the VNET: its owner is not drained, so vnet_destroy cannot run")
                .isEmpty();

        given().delete("/api/jails/" + child + "/holds/" + hold).then().statusCode(204);
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == child)).isPresent();
        assertThat(awaitEvent(JailRefsDrained.class, e -> e.jid() == parent.jid())).isPresent();
    }

    @Test
    void aChildsLastProcessExitingWhileItsParentIsRemovedLeavesNothingBehind() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String top = unique("exits");
            int parent = create("{\"name\":\"" + top + "\",\"childrenMax\":1}").statusCode(201).extract().path("jid");
            ValidatableResponse child = create("{\"name\":\"" + top + ".c\",\"persist\":false,\"attach\":true}")
                    .statusCode(201);
            int childJid = child.extract().path("jid");
            int pid = child.extract().path("processes[0]");
            List<Callable<Integer>> calls = new ArrayList<>(List.of(
                    () -> given().delete("/api/jails/" + childJid + "/processes/" + pid).statusCode(),
                    () -> given().delete("/api/jails/" + parent).statusCode()));
            if (round % 2 == 1) {
                Collections.reverse(calls);
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : CLIENTS.invokeAll(calls)) {
                answers.add(answer.get());
            }
            assertThat(answers).as("round %d: the exit comes before the removal (204) or finds the process killed"
                    + " with its jail (404 or 409)", round).isSubsetOf(Set.of(202, 204, 404, 409));
            for (int jid : List.of(childJid, parent)) {
                assertThat(awaitEvent(JailFreed.class, e -> e.jid() == jid)).as("round %d: jail %d", round, jid)
                        .isPresent();
                given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
            }
        }
    }

    @Test
    void aJailKeptOnlyByItsChildDiesWhenTheChildDoes() {
        String top = unique("kept");
        int a = create("{\"name\":\"" + top + "\",\"persist\":false,\"attach\":true,\"childrenMax\":1}")
                .statusCode(201).extract().path("processes[0]");
        int jid = given().get("/api/jails/" + top).then().extract().path("jid");
        int child = create("{\"name\":\"" + top + ".b\"}").statusCode(201).extract().path("jid");
        given().delete("/api/jails/" + jid + "/processes/" + a).then().statusCode(204);
        given().get("/api/jails/" + jid).then().body("state", equalTo("ALIVE")).body("userRefs", equalTo(1));

        given().delete("/api/jails/" + child).then().statusCode(202);
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == child)).isPresent();
        assertThat(awaitEvent(JailDying.class, e -> e.jid() == jid
                && e.reason().startsWith("last user reference gone"))).isPresent();
        assertThat(awaitEvent(JailFreed.class, e -> e.jid() == jid)).isPresent();
    }

    @Test
    void concurrentCreationsInOneJailNeverPassItsChildrenMax() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String top = unique("crowded");
            int parent = create("{\"name\":\"" + top + "\",\"childrenMax\":3}").statusCode(201).extract().path("jid");
            List<Callable<Integer>> creations = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String body = "{\"name\":\"" + top + ".c" + i + "\"}";
                creations.add(() -> given().contentType(ContentType.JSON).body(body).post("/api/jails").statusCode());
            }
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : CLIENTS.invokeAll(creations)) {
                answers.add(answer.get());
            }
            assertThat(answers).as("round %d", round).containsOnly(201, 409);
            assertThat(answers.stream().filter(s -> s == 201)).as("round %d", round).hasSize(3);
            given().get("/api/jails/" + parent).then().body("childrenCur", equalTo(3)).body("refs", equalTo(4));
        }
    }

    @Test
    void aRemovalRacingCreationsLeavesNoLiveJailInADyingOne() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String top = unique("race");
            int parent = create("{\"name\":\"" + top + "\",\"childrenMax\":20}").statusCode(201).extract().path("jid");
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String body = "{\"name\":\"" + top + ".c" + i + "\"}";
                calls.add(() -> given().contentType(ContentType.JSON).body(body).post("/api/jails").statusCode());
            }
            calls.add(round % 2, () -> given().delete("/api/jails/" + parent).statusCode());
            List<Integer> answers = new ArrayList<>();
            for (Future<Integer> answer : CLIENTS.invokeAll(calls)) {
                answers.add(answer.get());
            }
            assertThat(answers).as("round %d: a creation after the removal finds no live parent (400)", round)
                    .isSubsetOf(Set.of(201, 202, 400)).contains(202);
            for (int i = 0; i < 6; i++) {
                given().get("/api/jails/" + top + ".c" + i).then().statusCode(404);
            }
            given().get("/api/jails/" + parent).then().statusCode(404);
        }
    }

    private <T extends Message> Optional<Envelope> awaitEvent(Class<T> type, Predicate<T> match) {
        return KafkaProbe.await(bootstrap, Topics.JAIL_EVENTS, type, match, WAIT);
    }

    /** What {@code jail-events} holds of {@code type} matching, read for {@code during}. */
    private <T extends Message> List<T> events(Duration during, Class<T> type, Predicate<T> match) {
        return KafkaProbe.readUntil(bootstrap, Topics.JAIL_EVENTS, during, seen -> false).stream()
                .map(record -> EventCodec.decode(record.value()).payload())
                .filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    private void produce(Message event) {
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(event));
    }

    /** A jail with its own VNET, ALIVE: its VNET reported alive as vnet-service would. */
    private Alive aliveVnetJail(String json) {
        ValidatableResponse created = create(json).statusCode(201);
        Alive alive = new Alive(created.extract().path("jid"), created.extract().path("vnetId"),
                created.extract().path("name"));
        produce(new VnetAlive(alive.vnetId(), alive.jid()));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/jails/" + alive.jid()).then()
                .body("state", equalTo("ALIVE")));
        return alive;
    }

    private record Alive(int jid, String vnetId, String name) {
    }

    private static ValidatableResponse create(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/jails").then();
    }
}

package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.testsupport.Answered;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code Prefer: wait} on jail writes (RFC 7240): a creation answers once the jail is ALIVE, a removal once the
 * jail is freed; the test plays vnet-service, sending its events while the request waits, or before it starts.
 */
@QuarkusTest
@ServiceTest
class JailWaitTest extends TopicWatchingTest {

    private static final int ROUNDS = 12;

    JailWaitTest() {
        super(Topics.JAIL_EVENTS);
    }

    @Test
    void aCreationThatWaitsAnswersWithTheJailAliveOnlyOnceItsVnetIsAliveEveryRound() {
        for (int round = 0; round < ROUNDS; round++) {
            String name = JailResourceTest.unique("waited");
            CompletableFuture<Answered> answer = Answered.async(() -> create(name, "wait=20"));
            JailCreated created = (JailCreated) watcher.expect(JailCreated.class, e -> e.name().equals(name), WAIT)
                    .payload();
            Answered.pauseInRound(round);
            long aliveSent = System.nanoTime();
            send(Topics.VNET_EVENTS, new VnetAlive(created.vnetId(), created.jid()));

            Answered timed = answer.join();
            assertThat(timed.response().statusCode()).as("round %d", round).isEqualTo(201);
            assertThat(timed.response().<String>path("state")).as("round %d", round).isEqualTo("ALIVE");
            assertThat(timed.response().header("Preference-Applied")).isEqualTo("wait=20");
            assertThat(timed.atNanos()).as("answered after VnetAlive was sent, round %d", round)
                    .isGreaterThan(aliveSent);
        }
    }

    @Test
    void aCreationWhoseVnetIsNotAliveWithinTheWaitAnswers202WithWhereToLook() {
        String name = JailResourceTest.unique("slow");
        Response response = create(name, "wait=1");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.<String>path("state")).isEqualTo("INVALID");
        assertThat(response.header("Preference-Applied")).isEqualTo("wait=1");
        int jid = response.path("jid");
        assertThat(response.header("Location")).endsWith("/api/jails/" + jid);
        given().get(response.header("Location")).then().statusCode(200).contentType(ContentType.JSON);

        Response unwaited = create(JailResourceTest.unique("unwaited"), null);
        assertThat(unwaited.statusCode()).as("without the header nothing waits").isEqualTo(201);
        assertThat(unwaited.<String>path("state")).isEqualTo("INVALID");
        assertThat(unwaited.header("Preference-Applied")).isNull();
        Response otherPreference = create(JailResourceTest.unique("async"), "respond-async");
        assertThat(otherPreference.statusCode()).as("another preference is ignored").isEqualTo(201);
    }

    @Test
    void aCreationWhoseVnetCannotBeMadeIsRefusedWhileItWaits() {
        String name = JailResourceTest.unique("doomed");
        CompletableFuture<Answered> answer = Answered.async(() -> create(name, "wait=20"));
        JailCreated created = (JailCreated) watcher.expect(JailCreated.class, e -> e.name().equals(name), WAIT)
                .payload();
        send(Topics.VNET_EVENTS, new VnetCreationFailed(created.vnetId(), created.jid(), "IF_VMOVE: no epair9b"));

        Response response = answer.join().response();
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.<String>path("field")).isEqualTo("vnet");
        assertThat(response.<String>path("detail")).contains(created.vnetId() + " could not be created",
                "IF_VMOVE: no epair9b");
    }

    @Test
    void aRemovalThatWaitsAnswers204OnlyOnceTheJailIsFreedEveryRound() {
        for (int round = 0; round < ROUNDS; round++) {
            int jid = aliveJail("removed");
            String vnetId = given().get("/api/jails/" + jid).then().extract().path("vnetId");
            CompletableFuture<Answered> answer = Answered.async(() -> given().header("Prefer", "wait=20")
                    .delete("/api/jails/" + jid).then().extract().response());
            watcher.expect(JailRefsDrained.class, e -> e.jid() == jid, WAIT);
            Answered.pauseInRound(round);
            long destroyedSent = System.nanoTime();
            send(Topics.VNET_EVENTS, new VnetDestroyed(vnetId, jid, false));

            Answered timed = answer.join();
            assertThat(timed.response().statusCode()).as("round %d", round).isEqualTo(204);
            assertThat(timed.response().header("Preference-Applied")).isEqualTo("wait=20");
            assertThat(timed.atNanos()).as("answered after VnetDestroyed was sent, round %d", round)
                    .isGreaterThan(destroyedSent);
            given().get("/api/jails/" + jid + "?dying=true").then().statusCode(404);
        }
    }

    @Test
    void aRemovalOfAJailAHoldKeepsAnswersAtOnceSayingWhatHoldsIt() {
        int jid = aliveJail("held");
        int hold = given().contentType(ContentType.JSON).body("{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}")
                .post("/api/jails/" + jid + "/holds").then().statusCode(201).extract().path("id");
        long start = System.nanoTime();

        Response response = given().header("Prefer", "wait=60").delete("/api/jails/" + jid).then().extract()
                .response();

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.<String>path("state")).isEqualTo("DYING");
        assertThat(response.<java.util.List<Integer>>path("holds.id")).containsExactly(hold);
        assertThat(response.header("Location")).endsWith("/api/jails/" + jid + "?dying=true");
        assertThat(System.nanoTime() - start).as("a hold only its owner can release: no point in waiting")
                .isLessThan(30_000_000_000L);
    }

    @Test
    void aWaitThatIsNotANumberOfSecondsIsRefusedAndNothingIsCreated() {
        for (String prefer : new String[] {"wait=soon", "wait=-1", "wait", "wait=1.5", "respond-async, wait=10s"}) {
            String name = JailResourceTest.unique("refused");
            Response response = create(name, prefer);
            assertThat(response.statusCode()).as(prefer).isEqualTo(400);
            assertThat(response.<String>path("field")).as(prefer).isEqualTo("Prefer");
            given().get("/api/jails/" + name).then().statusCode(404);
        }
        int jid = aliveJail("kept");
        given().header("Prefer", "wait=x").delete("/api/jails/" + jid).then().statusCode(400);
        given().get("/api/jails/" + jid).then().statusCode(200);
    }

    /** A VNET jail, ALIVE: created with a wait, its VNET reported alive meanwhile. */
    private int aliveJail(String prefix) {
        String name = JailResourceTest.unique(prefix);
        CompletableFuture<Answered> answer = Answered.async(() -> create(name, "wait=20"));
        JailCreated created = (JailCreated) watcher.expect(JailCreated.class, e -> e.name().equals(name), WAIT)
                .payload();
        send(Topics.VNET_EVENTS, new VnetAlive(created.vnetId(), created.jid()));
        assertThat(answer.join().response().<String>path("state")).isEqualTo("ALIVE");
        return created.jid();
    }

    private static Response create(String name, String prefer) {
        var request = given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"vnet\":true,\"persist\":true}");
        return (prefer == null ? request : request.header("Prefer", prefer)).post("/api/jails").then().extract()
                .response();
    }
}

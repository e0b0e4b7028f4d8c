package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Two requests that change one jail's references at the same moment, many rounds: the counts are decided one
 * request at a time, on the latest state, whatever the order. A jail without VNET is freed as soon as nothing
 * holds it, so "freed" (404 even with {@code ?dying=true}) is the visible sign that its {@code pr_ref} was
 * decided to be 0.
 */
@QuarkusTest
@ServiceTest
class JailReferenceRacesTest {

    private static final int ROUNDS = 20;
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(2);

    @AfterAll
    static void stopClients() {
        CLIENTS.shutdownNow();
    }

    @Test
    void aHoldTakenAsTheJailIsRemovedEitherKeepsTheDyingJailOrIsRefused() {
        int held = 0;
        for (int round = 0; round < ROUNDS; round++) {
            int jid = createJail("{\"name\":\"" + JailResourceTest.unique("contested") + "\"}");
            List<ExtractableResponse<Response>> answers = together(
                    () -> given().contentType(ContentType.JSON).body("{\"description\":\"tcp TIME_WAIT\"}")
                            .post("/api/jails/" + jid + "/holds").then().extract(),
                    () -> given().delete("/api/jails/" + jid).then().extract());
            int hold = answers.get(0).statusCode();
            assertThat(answers.get(1).statusCode()).isEqualTo(202);
            assertThat(hold).as("round %d: the hold is taken (201), or refused: the jail is dying (409) or already"
                    + " freed (404)", round).isIn(201, 404, 409);
            ExtractableResponse<Response> after = given().get("/api/jails/" + jid + "?dying=true").then().extract();
            if (hold == 201) {
                held++;
                assertThat(after.statusCode()).as("round %d: a jail with an accepted hold is not freed", round)
                        .isEqualTo(200);
                assertThat(after.<Integer>path("refs")).isEqualTo(1);
                assertThat(after.<String>path("state")).isEqualTo("DYING");
            } else {
                assertThat(after.statusCode()).as("round %d: refused hold, nothing holds the jail", round).isEqualTo(404);
            }
        }
        System.out.printf("hold vs jail_remove: %d of %d holds came first%n", held, ROUNDS);
    }

    @Test
    void theLastTwoHoldsReleasedAtOnceFreeTheDyingJail() {
        for (int round = 0; round < ROUNDS; round++) {
            int jid = createJail("{\"name\":\"" + JailResourceTest.unique("twice-held") + "\"}");
            long first = hold(jid);
            long second = hold(jid);
            given().delete("/api/jails/" + jid).then().statusCode(202);

            List<ExtractableResponse<Response>> answers = together(
                    () -> given().delete("/api/jails/" + jid + "/holds/" + first).then().extract(),
                    () -> given().delete("/api/jails/" + jid + "/holds/" + second).then().extract());

            assertThat(answers).extracting(ExtractableResponse::statusCode).containsOnly(204);
            assertThat(given().get("/api/jails/" + jid + "?dying=true").then().extract().statusCode())
                    .as("round %d: nothing holds the dying jail any more", round).isEqualTo(404);
        }
    }

    @Test
    void theLastTwoProcessesOfANonPersistentJailExitingAtOnceKillIt() {
        for (int round = 0; round < ROUNDS; round++) {
            ExtractableResponse<Response> created = given().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + JailResourceTest.unique("two-procs") + "\",\"persist\":false,\"attach\":true}")
                    .post("/api/jails").then().statusCode(201).extract();
            int jid = created.path("jid");
            int first = created.path("processes[0]");
            int second = given().post("/api/jails/" + jid + "/processes").then().statusCode(201).extract().path("pid");

            List<ExtractableResponse<Response>> answers = together(
                    () -> given().delete("/api/jails/" + jid + "/processes/" + first).then().extract(),
                    () -> given().delete("/api/jails/" + jid + "/processes/" + second).then().extract());

            assertThat(answers).extracting(ExtractableResponse::statusCode).containsOnly(204);
            assertThat(given().get("/api/jails/" + jid + "?dying=true").then().extract().statusCode())
                    .as("round %d: the last process is gone from a jail that is not persistent", round).isEqualTo(404);
        }
    }

    @Test
    void persistClearedAsTheLastProcessExitsKillsTheJailOnce() {
        for (int round = 0; round < ROUNDS; round++) {
            int jid = createJail("{\"name\":\"" + JailResourceTest.unique("unpersisted") + "\"}");
            int pid = given().post("/api/jails/" + jid + "/processes").then().statusCode(201).extract().path("pid");

            List<ExtractableResponse<Response>> answers = together(
                    () -> given().delete("/api/jails/" + jid + "/persist").then().extract(),
                    () -> given().delete("/api/jails/" + jid + "/processes/" + pid).then().extract());

            assertThat(answers.get(0).statusCode()).as("round %d", round).isEqualTo(200);
            assertThat(answers.get(1).statusCode()).as("round %d", round).isEqualTo(204);
            assertThat(given().get("/api/jails/" + jid + "?dying=true").then().extract().statusCode())
                    .as("round %d: no process and not persistent, whichever came first", round).isEqualTo(404);
        }
    }

    @Test
    void persistSetAsTheLastProcessOfANonPersistentJailExitsEitherKeepsItOrIsRefused() {
        int kept = 0;
        for (int round = 0; round < ROUNDS; round++) {
            ExtractableResponse<Response> created = given().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + JailResourceTest.unique("repersisted") + "\",\"persist\":false,"
                            + "\"attach\":true}").post("/api/jails").then().statusCode(201).extract();
            int jid = created.path("jid");
            int pid = created.path("processes[0]");

            List<ExtractableResponse<Response>> answers = together(
                    () -> given().put("/api/jails/" + jid + "/persist").then().extract(),
                    () -> given().delete("/api/jails/" + jid + "/processes/" + pid).then().extract());

            int persist = answers.get(0).statusCode();
            assertThat(answers.get(1).statusCode()).isEqualTo(204);
            assertThat(persist).as("round %d: set first (200), or the jail died first: dying (409) or freed (404)",
                    round).isIn(200, 404, 409);
            ExtractableResponse<Response> after = given().get("/api/jails/" + jid + "?dying=true").then().extract();
            if (persist == 200) {
                kept++;
                assertThat(after.<String>path("state")).as("round %d", round).isEqualTo("ALIVE");
                assertThat(after.<Integer>path("userRefs")).isEqualTo(1);
            } else {
                assertThat(after.statusCode()).as("round %d: it died and nothing holds it", round).isEqualTo(404);
            }
        }
        System.out.printf("persist vs last exit: %d of %d kept%n", kept, ROUNDS);
    }

    private static int createJail(String json) {
        return given().contentType(ContentType.JSON).body(json).post("/api/jails").then().statusCode(201)
                .extract().path("jid");
    }

    private static long hold(int jid) {
        return given().contentType(ContentType.JSON).body("{}").post("/api/jails/" + jid + "/holds").then()
                .statusCode(201).extract().<Number>path("id").longValue();
    }

    /** Both requests released at the same instant, on two threads; their answers in the order given. */
    @SafeVarargs
    private static List<ExtractableResponse<Response>> together(Supplier<ExtractableResponse<Response>>... requests) {
        CyclicBarrier start = new CyclicBarrier(requests.length);
        List<CompletableFuture<ExtractableResponse<Response>>> answers = java.util.Arrays.stream(requests)
                .map(request -> CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return request.get();
                }, CLIENTS)).toList();
        return answers.stream().map(CompletableFuture::join).toList();
    }
}

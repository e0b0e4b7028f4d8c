package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.StoppablePostgresResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The database paused under the service (SIGSTOP: nothing answers, nothing refuses) for longer than a transaction may
 * last: the transaction manager's reaper rolls the request's transaction back, and once the database answers again
 * the request is 503 with Retry-After, never 500, and nothing of it was made. The timeout is 3 s here, 60 s in the
 * services.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
@WithTestResource(value = StoppablePostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS,
        initArgs = @ResourceArg(name = StoppablePostgresResource.TRANSACTION_TIMEOUT, value = "3S"))
class DatabasePauseTest {

    @Test
    void aRequestWhoseTransactionTimedOutWhileTheDatabaseWasPausedIs503AndMadeNothing() throws Exception {
        String name = JailResourceTest.unique("paused");
        given().get("/api/jails").then().statusCode(200);
        CompletableFuture<Response> create;
        CompletableFuture<Response> list;
        StoppablePostgresResource.pauseDatabase();
        try {
            create = CompletableFuture.supplyAsync(() -> given().contentType(ContentType.JSON)
                    .body("{\"name\":\"" + name + "\"}").post("/api/jails"));
            list = CompletableFuture.supplyAsync(() -> given().get("/api/jails"));
            TimeUnit.SECONDS.sleep(6);
        } finally {
            StoppablePostgresResource.resumeDatabase();
        }

        create.get(60, TimeUnit.SECONDS).then().statusCode(503).contentType("application/problem+json")
                .header("Retry-After", "5").body("status", equalTo(503));
        list.get(60, TimeUnit.SECONDS).then().statusCode(503).header("Retry-After", "5");
        given().get("/api/jails/" + name + "?dying=true").then().statusCode(404);
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/api/jails").then()
                .statusCode(201).body("state", equalTo("ALIVE"));
    }
}

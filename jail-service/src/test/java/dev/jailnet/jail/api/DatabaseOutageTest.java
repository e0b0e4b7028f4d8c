package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.StoppablePostgresResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The database stops under the service: requests are answered 503 with Retry-After, never 500, and nothing half-done. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
@WithTestResource(value = StoppablePostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class DatabaseOutageTest {

    @Test
    void whileTheDatabaseIsDownRequestsAre503WithRetryAfterAndAfterwardsTheyWorkAgain() {
        String name = JailResourceTest.unique("patient");
        StoppablePostgresResource.stopDatabase();
        try {
            given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\"}").post("/api/jails").then()
                    .statusCode(503).contentType("application/problem+json").header("Retry-After", "5")
                    .body("status", equalTo(503)).body("detail", containsString("database"));
            given().get("/api/jails").then().statusCode(503).header("Retry-After", "5");
            given().get("/q/health/ready").then().statusCode(503);
        } finally {
            StoppablePostgresResource.startDatabase();
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\"}").post("/api/jails").then().statusCode(201));
        given().get("/api/jails/" + name).then().statusCode(200).body("state", equalTo("ALIVE"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/q/health/ready").then().statusCode(200));
    }
}

package dev.jailnet.console;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint of the console takes a bearer token of the system, as the services' do, and says which
 * service it could not reach.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
class ConsoleAccessTest {

    private static final List<String> ENDPOINTS = List.of("/api/jails", "/api/vnets/vnet1/graph", "/api/faults",
            "/api/events");

    @Test
    void everyEndpointRefusesNoTokenAnExpiredOneAndAForgedOne() {
        for (String endpoint : ENDPOINTS) {
            for (RequestSpecification caller : List.of(given().auth().none(), given().auth().oauth2(Tokens.expired()),
                    given().auth().oauth2(Tokens.forged()))) {
                caller.get(endpoint).then().statusCode(401).contentType("application/problem+json")
                        .body("field", equalTo("Authorization")).header("WWW-Authenticate", containsString("Bearer"));
            }
        }
    }

    @Test
    void aViewerIsLetThroughAndTheServiceThatCannotBeReachedIsNamed() {
        given().auth().oauth2(Tokens.viewer()).get("/api/jails").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("detail", containsString("jail-service cannot be reached"));
        given().auth().oauth2(Tokens.viewer()).get("/api/faults").then().statusCode(503);
    }

    @Test
    void aVnetIdIsCheckedBeforeAnyServiceIsAsked() {
        given().auth().oauth2(Tokens.viewer()).get("/api/vnets/web/graph").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("vnetId"));
    }
}

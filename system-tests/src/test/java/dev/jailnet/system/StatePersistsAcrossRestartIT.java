package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.cli.Service;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** `jailnet up` twice on the same data directory: the second finds what the first made. */
class StatePersistsAcrossRestartIT {

    @Test
    void aJailAndItsVnetSurviveAStopAndAStart() throws Exception {
        Path data = Files.createTempDirectory("jailnet-restart");
        int jid;
        String vnetId;
        try (LocalProcesses first = LocalProcesses.start(data)) {
            var created = given().baseUri(first.url(Service.JAIL)).contentType(ContentType.JSON)
                    .body("{\"name\":\"kept\",\"vnet\":true}").post("/api/jails").then().statusCode(201);
            jid = created.extract().path("jid");
            vnetId = created.extract().path("vnetId");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(first.url(Service.JAIL))
                    .get("/api/jails/" + jid).then().body("state", equalTo("ALIVE")));
        }
        try (LocalProcesses second = LocalProcesses.start(data)) {
            given().baseUri(second.url(Service.JAIL)).get("/api/jails/kept").then().statusCode(200)
                    .body("jid", equalTo(jid)).body("state", equalTo("ALIVE"));
            given().baseUri(second.url(Service.IFNET)).get("/api/vnets/" + vnetId + "/interfaces").then()
                    .statusCode(200).body("name", equalTo(List.of("lo0")));
            given().baseUri(second.url(Service.JAIL)).contentType(ContentType.JSON).body("{\"name\":\"after\",\"vnet\":true}")
                    .post("/api/jails").then().statusCode(201).body("jid", equalTo(jid + 1));
        }
    }
}

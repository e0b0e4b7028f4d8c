package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jailnet.cli.Service;
import dev.jailnet.system.containers.ContainerSystem;
import dev.jailnet.system.containers.JailnetContainers;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chaos in containers: a participant is killed ({@code docker kill}, SIGKILL) in the middle of a VNET creation
 * saga and started again; the saga completes. Containers only: it needs a process that can be killed and
 * started again with the same name, network alias and configuration.
 */
@ExtendWith(JailnetContainers.class)
class ContainerChaosIT {

    /** Time enough for the restart plus the broker noticing the killed consumer (its session timeout, 45 s). */
    private static final Duration RECOVERY = Duration.ofSeconds(150);

    @Test
    void ifnetKilledWhileAVnetIsCreatedIsStartedAgainAndTheJailBecomesAlive(ContainerSystem system) {
        system.kill(Service.IFNET);
        try {
            ValidatableResponse created = given().baseUri(system.url(Service.JAIL)).contentType(ContentType.JSON)
                    .body("{\"name\":\"chaos-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"vnet\":true}")
                    .post("/api/jails").then().statusCode(201).body("state", equalTo("INVALID"));
            int jid = created.extract().path("jid");
            String vnetId = created.extract().path("vnetId");

            // the saga waits at LOIF_INIT, whose participant is down: its command is sent again, unanswered
            String saga = await().atMost(Duration.ofSeconds(30)).until(() -> given().baseUri(system.url(Service.VNET))
                    .get("/api/vnets/" + vnetId).then().statusCode(200).extract().<String>path("sagas[0].id"), id -> id != null);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(system.url(Service.VNET))
                    .get("/api/sagas/" + saga).then().body("status", equalTo("RUNNING"))
                    .body("steps.find { it.step == 'LOIF_INIT' }.attempts", org.hamcrest.Matchers.greaterThanOrEqualTo(2)));
            given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + jid).then().body("state", equalTo("INVALID"));

            long restarted = System.nanoTime();
            system.start(Service.IFNET);
            await().atMost(RECOVERY).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> given()
                    .baseUri(system.url(Service.JAIL)).get("/api/jails/" + jid).then().body("state", equalTo("ALIVE")));
            System.out.printf("chaos: ifnet-service ready and the jail ALIVE %.1f s after docker start%n",
                    (System.nanoTime() - restarted) / 1e9);

            given().baseUri(system.url(Service.VNET)).get("/api/sagas/" + saga).then().body("status", equalTo("COMPLETED"));
            given().baseUri(system.url(Service.IFNET)).get("/api/vnets/" + vnetId + "/interfaces").then()
                    .statusCode(200).body("name", equalTo(List.of("lo0"))).body("[0].homeVnet", equalTo(vnetId))
                    .body("[0].flags", hasItem("LOOPBACK"));
            Audits.awaitClean(system);
        } finally {
            // later classes share this system: never leave it with a service down
            if (!system.isRunning(Service.IFNET)) {
                system.start(Service.IFNET);
            }
        }
        assertThat(system.isRunning(Service.IFNET)).isTrue();
    }
}

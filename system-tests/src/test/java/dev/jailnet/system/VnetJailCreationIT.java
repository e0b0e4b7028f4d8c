package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jailnet.cli.Service;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.localstack.TopicWatcher;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A VNET jail created over REST, across all four services, a real broker and a real database.
 * <p>
 * Written once, run against each kind of system: this class is abstract and each concrete subclass only says
 * which system it gets, by its extension ({@code VnetJailCreationLocalIT}: {@link JailnetSystem}, local
 * processes; {@code VnetJailCreationContainersIT}: {@code JailnetContainers}, Docker). A new scenario class
 * follows the same pattern: an abstract {@code ...IT} with the tests, and the two three-line subclasses.
 */
abstract class VnetJailCreationIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SystemUnderTest system;

    @BeforeAll
    static void system(SystemUnderTest running) {
        system = running;
    }

    @Test
    void aVnetJailBecomesAliveWithItsOwnLoopbackAndRoutingTables() {
        try (TopicWatcher watcher = new TopicWatcher(system.kafkaBootstrap(), Topics.JAIL_EVENTS, Topics.VNET_EVENTS)) {
            String name = "web-" + UUID.randomUUID().toString().substring(0, 8);
            ValidatableResponse created = given().baseUri(system.url(Service.JAIL)).contentType(ContentType.JSON)
                    .body("{\"name\":\"" + name + "\",\"vnet\":true,\"persist\":true}").post("/api/jails").then()
                    .statusCode(201).body("state", equalTo("INVALID")).body("userRefs", equalTo(1));
            int jid = created.extract().path("jid");
            String vnetId = created.extract().path("vnetId");

            await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.JAIL))
                    .get("/api/jails/" + jid).then().statusCode(200).body("state", equalTo("ALIVE")));

            given().baseUri(system.url(Service.VNET)).get("/api/vnets/" + vnetId).then().statusCode(200)
                    .body("state", equalTo("ALIVE")).body("jid", equalTo(jid))
                    .body("sagas[0].status", equalTo("COMPLETED"));
            given().baseUri(system.url(Service.IFNET)).get("/api/vnets/" + vnetId + "/interfaces").then()
                    .statusCode(200).body("name", equalTo(List.of("lo0"))).body("[0].homeVnet", equalTo(vnetId))
                    .body("[0].flags", hasItem("LOOPBACK"));
            given().baseUri(system.url(Service.ROUTING)).get("/api/vnets/" + vnetId + "/ribs").then()
                    .statusCode(200).body("family", equalTo(List.of("INET", "INET6"))).body("fib", equalTo(List.of(0, 0)));

            // the lifecycle as the topics tell it, in order: created, VNET alive, jail alive
            watcher.expect(JailAlive.class, e -> e.jid() == jid, WAIT);
            List<String> order = watcher.seen().stream().filter(e -> e.key().equals(vnetId)).map(e -> e.type()).toList();
            assertThat(order).containsSubsequence(JailCreated.class.getSimpleName(), VnetAlive.class.getSimpleName(),
                    JailAlive.class.getSimpleName());
        }
    }

    @Test
    void aJailWithoutVnetIsAliveAtOnceInVnet0() {
        given().baseUri(system.url(Service.JAIL)).contentType(ContentType.JSON)
                .body("{\"name\":\"plain-" + UUID.randomUUID().toString().substring(0, 8) + "\"}").post("/api/jails")
                .then().statusCode(201).body("state", equalTo("ALIVE")).body("vnetId", equalTo("vnet0"));
        given().baseUri(system.url(Service.IFNET)).get("/api/vnets/vnet0/interfaces").then().statusCode(200)
                .body("name", org.hamcrest.Matchers.hasItems("lo0", "em0", "em1"));
    }

    @Test
    void aJailAskingForAnInterfaceTheHostDoesNotHaveFailsWithTheReasonAndIsFreedLeavingNothing() {
        ValidatableResponse created = given().baseUri(system.url(Service.JAIL)).contentType(ContentType.JSON)
                .body("{\"name\":\"lonely\",\"vnet\":true,\"interfaces\":[\"epair999b\"]}").post("/api/jails")
                .then().statusCode(201);
        int jid = created.extract().path("jid");
        String vnetId = created.extract().path("vnetId");

        await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.JAIL))
                .get("/api/jails/" + jid + "?dying=true").then().statusCode(404));
        given().baseUri(system.url(Service.VNET)).get("/api/vnets/" + vnetId).then().body("state", equalTo("FAILED"))
                .body("reason", equalTo("IF_VMOVE failed: no interface epair999b in vnet0 to move into " + vnetId))
                .body("sagas[0].status", equalTo("FAILED"));
        given().baseUri(system.url(Service.IFNET)).get("/api/vnets/" + vnetId + "/interfaces").then().statusCode(404);
        given().baseUri(system.url(Service.ROUTING)).get("/api/vnets/" + vnetId + "/ribs").then().statusCode(404);
        Audits.awaitClean(system);
    }

    @Test
    void manyVnetJailsCreatedAtOnceAllBecomeAlive() {
        List<Integer> jids = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jids.add(given().baseUri(system.url(Service.JAIL)).contentType(ContentType.JSON)
                    .body("{\"name\":\"burst-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"vnet\":true}")
                    .post("/api/jails").then().statusCode(201).extract().path("jid"));
        }
        await().atMost(WAIT).untilAsserted(() -> jids.forEach(jid -> given().baseUri(system.url(Service.JAIL))
                .get("/api/jails/" + jid).then().body("state", equalTo("ALIVE"))));
    }
}

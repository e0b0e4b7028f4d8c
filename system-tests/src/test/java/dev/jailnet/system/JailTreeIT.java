package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.localstack.TopicWatcher;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Jails within jails on the whole system: a three-level tree with loans at every level, torn down from the top, from
 * the middle, and with a hold on the grandchild. Every time each child's {@code vnet_shutdown} ends before its
 * parent's starts, the parent's VNET is destroyed last, every loan goes to the VNET that made it, and the audit is
 * clean. The same tree torn down while a service is killed is in VnetShutdownCrashIT, the old teardown of it in
 * LegacyTeardownIT.
 */
@ExtendWith(JailnetSystem.class)
class JailTreeIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static SystemUnderTest processes;
    private static TopicWatcher events;
    private static StandardJail standard;

    @BeforeAll
    static void system(SystemUnderTest running) {
        processes = running;
        events = new TopicWatcher(running.kafkaBootstrap(), Topics.JAIL_EVENTS, Topics.VNET_EVENTS);
        standard = running.standardJail(events);
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
    }

    @Test
    void removedFromTheTopEachChildShutsDownBeforeItsParentAndEveryLoanGoesHome() {
        JailTree tree = JailTree.build(processes, standard, unique("top"), false);
        given().baseUri(processes.url(Service.JAIL)).get("/api/jails/" + tree.top().jid()).then()
                .body("childrenCur", equalTo(2)).body("refs", equalTo(2));
        assertThat(tree.whereIs(tree.middle().vnetId(), tree.hostLoan())).isEqualTo(tree.middle().vnetId());

        standard.remove(tree.top().jid());

        awaitFreed(events, tree.deepestFirst());
        tree.assertShutDownAndDestroyedInOrder(tree.deepestFirst());
        assertThat(tree.whereIs(VnetIds.VNET0, tree.hostLoan()))
                .as("vnet_if_return sends it to the VNET that made it, not the one that loaned it last")
                .isEqualTo(VnetIds.VNET0);
        assertThat(tree.whereIs(VnetIds.VNET0, tree.top().epair())).isEqualTo(VnetIds.VNET0);
        tree.assertNothingLeft(tree.deepestFirst());
    }

    @Test
    void removedFromTheMiddleTheTopLivesOnWithItsLoansBack() {
        JailTree tree = JailTree.build(processes, standard, unique("mid"), false);

        standard.remove(tree.middle().jid());

        awaitFreed(events, List.of(tree.leaf(), tree.middle()));
        tree.assertShutDownAndDestroyedInOrder(List.of(tree.leaf(), tree.middle()));
        given().baseUri(processes.url(Service.JAIL)).get("/api/jails/" + tree.top().jid()).then()
                .body("state", equalTo("ALIVE")).body("childrenCur", equalTo(0)).body("refs", equalTo(1));
        assertThat(tree.whereIs(tree.top().vnetId(), tree.middle().epair()))
                .as("the epair made in the top's VNET and loaned to the middle is back in the top's")
                .isEqualTo(tree.top().vnetId());
        assertThat(tree.whereIs(VnetIds.VNET0, tree.hostLoan())).isEqualTo(VnetIds.VNET0);
        tree.assertNothingLeft(List.of(tree.leaf(), tree.middle()));

        standard.remove(tree.top().jid());
        awaitFreed(events, List.of(tree.top()));
        tree.assertNothingLeft(tree.deepestFirst());
    }

    @Test
    void aHoldOnTheGrandchildKeepsEveryVnetOfTheTreeUntilItGoes() {
        JailTree tree = JailTree.build(processes, standard, unique("held"), false);
        long hold = given().baseUri(processes.url(Service.JAIL)).contentType("application/json")
                .body("{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}").post("/api/jails/" + tree.leaf().jid() + "/holds")
                .then().statusCode(201).extract().jsonPath().getLong("id");

        standard.remove(tree.top().jid());

        for (StandardJail.Built jail : tree.deepestFirst()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(tree.vnet(jail).path("state").asText())
                    .as("%s: vnet_shutdown runs while the grandchild is held", jail.name()).isEqualTo("SHUT_DOWN"));
        }
        for (StandardJail.Built jail : tree.deepestFirst()) {
            given().baseUri(processes.url(Service.JAIL)).get("/api/jails/" + jail.jid() + "?dying=true").then()
                    .statusCode(200).body("state", equalTo("DYING"));
        }
        tree.assertNothingLeft(tree.deepestFirst());

        given().baseUri(processes.url(Service.JAIL)).delete("/api/jails/" + tree.leaf().jid() + "/holds/" + hold)
                .then().statusCode(204);
        awaitFreed(events, tree.deepestFirst());
        tree.assertShutDownAndDestroyedInOrder(tree.deepestFirst());
        tree.assertNothingLeft(tree.deepestFirst());
    }

    static void awaitFreed(TopicWatcher events, List<StandardJail.Built> jails) {
        for (StandardJail.Built jail : jails) {
            events.await(JailFreed.class, e -> e.jid() == jail.jid(), WAIT, jail.mark())
                    .orElseThrow(() -> new AssertionError("jail " + jail.name() + " was not freed within " + WAIT));
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}

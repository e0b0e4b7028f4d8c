package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import dev.jailnet.cli.ServiceProcess;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.localstack.TopicWatcher;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Jails within jails on the whole system: a three-level tree with loans at every level, torn down from the top, from
 * the middle, with a hold on the grandchild, and with each service killed (SIGKILL) and restarted during the
 * teardown. Every time each child's {@code vnet_shutdown} ends before its parent's starts, the parent's VNET is
 * destroyed last, every loan goes to the VNET that made it, and the audit is clean. Its own system, since it kills
 * services; the saga resends quickly so that a restarted participant is not waited for long.
 */
class JailTreeIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static LocalProcesses processes;
    private static LocalSystem system;
    private static TopicWatcher events;
    private static StandardJail standard;

    @BeforeAll
    static void start() throws Exception {
        processes = LocalProcesses.start(Files.createTempDirectory("jailnet-tree"), Map.of(
                "jailnet.saga.step-timeout", "500ms", "jailnet.saga.max-timeout", "2s",
                "jailnet.saga.max-attempts", "1000"));
        system = processes.system();
        events = new TopicWatcher(processes.kafkaBootstrap(), Topics.JAIL_EVENTS, Topics.VNET_EVENTS);
        standard = processes.standardJail(events);
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void removedFromTheTopEachChildShutsDownBeforeItsParentAndEveryLoanGoesHome() {
        JailTree tree = JailTree.build(processes, standard, unique("top"), false);
        given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + tree.top().jid()).then()
                .body("childrenCur", equalTo(2)).body("refs", equalTo(2));
        assertThat(tree.whereIs(tree.middle().vnetId(), tree.hostLoan())).isEqualTo(tree.middle().vnetId());

        standard.remove(tree.top().jid());

        awaitFreed(tree.deepestFirst());
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

        awaitFreed(List.of(tree.leaf(), tree.middle()));
        tree.assertShutDownAndDestroyedInOrder(List.of(tree.leaf(), tree.middle()));
        given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + tree.top().jid()).then()
                .body("state", equalTo("ALIVE")).body("childrenCur", equalTo(0)).body("refs", equalTo(1));
        assertThat(tree.whereIs(tree.top().vnetId(), tree.middle().epair()))
                .as("the epair made in the top's VNET and loaned to the middle is back in the top's")
                .isEqualTo(tree.top().vnetId());
        assertThat(tree.whereIs(VnetIds.VNET0, tree.hostLoan())).isEqualTo(VnetIds.VNET0);
        tree.assertNothingLeft(List.of(tree.leaf(), tree.middle()));

        standard.remove(tree.top().jid());
        awaitFreed(List.of(tree.top()));
        tree.assertNothingLeft(tree.deepestFirst());
    }

    @Test
    void aHoldOnTheGrandchildKeepsEveryVnetOfTheTreeUntilItGoes() {
        JailTree tree = JailTree.build(processes, standard, unique("held"), false);
        long hold = given().baseUri(system.url(Service.JAIL)).contentType("application/json")
                .body("{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}").post("/api/jails/" + tree.leaf().jid() + "/holds")
                .then().statusCode(201).extract().jsonPath().getLong("id");

        standard.remove(tree.top().jid());

        for (StandardJail.Built jail : tree.deepestFirst()) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(tree.vnet(jail).path("state").asText())
                    .as("%s: vnet_shutdown runs while the grandchild is held", jail.name()).isEqualTo("SHUT_DOWN"));
        }
        for (StandardJail.Built jail : tree.deepestFirst()) {
            given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + jail.jid() + "?dying=true").then()
                    .statusCode(200).body("state", equalTo("DYING"));
        }
        tree.assertNothingLeft(tree.deepestFirst());

        given().baseUri(system.url(Service.JAIL)).delete("/api/jails/" + tree.leaf().jid() + "/holds/" + hold)
                .then().statusCode(204);
        awaitFreed(tree.deepestFirst());
        tree.assertShutDownAndDestroyedInOrder(tree.deepestFirst());
        tree.assertNothingLeft(tree.deepestFirst());
    }

    @Test
    void ifnetServiceKilledDuringTheTreesTeardown() {
        participantKilledBeforeTheTeardown(Service.IFNET);
    }

    @Test
    void routingServiceKilledDuringTheTreesTeardown() {
        participantKilledBeforeTheTeardown(Service.ROUTING);
    }

    @Test
    void vnetServiceKilledDuringTheTreesTeardown() {
        killedWhileTheGrandchildShutsDown(Service.VNET);
    }

    @Test
    void jailServiceKilledDuringTheTreesTeardown() {
        killedWhileTheGrandchildShutsDown(Service.JAIL);
    }

    /** The participant is down when the tree is removed: the grandchild's saga waits for it, then goes on. */
    private void participantKilledBeforeTheTeardown(Service participant) {
        JailTree tree = JailTree.build(processes, standard, unique(participant.name().toLowerCase()), false);
        ServiceProcess process = system.service(participant);
        process.kill();
        standard.remove(tree.top().jid());
        awaitShuttingDown(tree.leaf());

        process.start();

        awaitFreed(tree.deepestFirst());
        tree.assertShutDownAndDestroyedInOrder(tree.deepestFirst());
        tree.assertNothingLeft(tree.deepestFirst());
    }

    /** Killed once the grandchild's shutdown runs: the parents' must still wait for it, and follow it. */
    private void killedWhileTheGrandchildShutsDown(Service service) {
        JailTree tree = JailTree.build(processes, standard, unique(service.name().toLowerCase()), false);
        ServiceProcess ifnet = system.service(Service.IFNET);
        ServiceProcess killed = system.service(service);
        ifnet.kill();
        standard.remove(tree.top().jid());
        awaitShuttingDown(tree.leaf());

        killed.kill();
        ifnet.start();
        killed.start();

        awaitFreed(tree.deepestFirst());
        tree.assertShutDownAndDestroyedInOrder(tree.deepestFirst());
        tree.assertNothingLeft(tree.deepestFirst());
    }

    private static void awaitShuttingDown(StandardJail.Built jail) {
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.VNET))
                .get("/api/vnets/" + jail.vnetId()).then().body("state", equalTo("SHUTTING_DOWN")));
    }

    private static void awaitFreed(List<StandardJail.Built> jails) {
        for (StandardJail.Built jail : jails) {
            events.await(JailFreed.class, e -> e.jid() == jail.jid(), WAIT, jail.mark())
                    .orElseThrow(() -> new AssertionError("jail " + jail.name() + " was not freed within " + WAIT));
        }
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }
}

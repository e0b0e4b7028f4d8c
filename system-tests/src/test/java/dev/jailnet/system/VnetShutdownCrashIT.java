package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.cli.AuditCheck;
import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import dev.jailnet.cli.ServiceProcess;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.localstack.TopicWatcher;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code vnet_shutdown} survives the crash (SIGKILL) and restart of each service that takes part in it:
 * the saga completes, the VNET is destroyed and the audit is clean. So does the teardown of a three-level tree of
 * jails (JailTree) with any of the four services killed during it: each child's shutdown still ends before its
 * parent's starts, the VNETs are destroyed deepest first, and nothing is left. Its own system, since it kills
 * services.
 */
class VnetShutdownCrashIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static LocalProcesses processes;
    private static LocalSystem system;
    private static TopicWatcher jailEvents;
    private static StandardJail standard;

    @BeforeAll
    static void start() throws Exception {
        processes = LocalProcesses.start(Files.createTempDirectory("jailnet-crash"), Map.of(
                "jailnet.saga.step-timeout", "500ms", "jailnet.saga.max-timeout", "2s",
                "jailnet.saga.max-attempts", "1000"));
        system = processes.system();
        jailEvents = new TopicWatcher(processes.kafkaBootstrap(), Topics.JAIL_EVENTS);
        standard = processes.standardJail(jailEvents);
    }

    @AfterAll
    static void stop() {
        if (jailEvents != null) {
            jailEvents.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void ifnetServiceKilledDuringTheShutdown() {
        crashParticipantDuringShutdown(Service.IFNET);
    }

    @Test
    void routingServiceKilledDuringTheShutdown() {
        crashParticipantDuringShutdown(Service.ROUTING);
    }

    @Test
    void vnetServiceKilledDuringTheShutdown() {
        StandardJail.Built jail = standard.create("crash-vnet-" + UUID.randomUUID().toString().substring(0, 6));
        ServiceProcess ifnet = system.service(Service.IFNET);
        ServiceProcess vnet = system.service(Service.VNET);
        ifnet.kill();
        standard.remove(jail.jid());
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.VNET))
                .get("/api/vnets/" + jail.vnetId()).then().body("state", equalTo("SHUTTING_DOWN")));

        vnet.kill();
        ifnet.start();
        vnet.start();

        assertTornDown(jail);
    }

    private void crashParticipantDuringShutdown(Service participant) {
        StandardJail.Built jail = standard.create("crash-" + participant.name().toLowerCase() + "-"
                + UUID.randomUUID().toString().substring(0, 6));
        ServiceProcess process = system.service(participant);
        process.kill();
        standard.remove(jail.jid());
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.VNET))
                .get("/api/vnets/" + jail.vnetId()).then().body("state", equalTo("SHUTTING_DOWN")));

        process.start();

        assertTornDown(jail);
    }

    @Test
    void ifnetServiceKilledDuringATreesTeardown() {
        treeTornDownWith(Service.IFNET);
    }

    @Test
    void routingServiceKilledDuringATreesTeardown() {
        treeTornDownWith(Service.ROUTING);
    }

    @Test
    void vnetServiceKilledDuringATreesTeardown() {
        treeTornDownWith(Service.VNET);
    }

    @Test
    void jailServiceKilledDuringATreesTeardown() {
        treeTornDownWith(Service.JAIL);
    }

    /**
     * The service is killed once the grandchild's shutdown runs and started again: the parents' shutdowns still wait
     * for it, and follow it. A participant (ifnet, routing) is killed before the removal, so that the grandchild's
     * saga waits for it. For the others, ifnet is held down as well, so that the grandchild's saga is still running
     * when they are killed: without it the whole tree can be torn down between two polls of its state.
     */
    private void treeTornDownWith(Service killed) {
        JailTree tree = JailTree.build(processes, standard, JailTreeIT.unique("tree-" + killed.name().toLowerCase()),
                false);
        ServiceProcess process = system.service(killed);
        boolean participant = killed == Service.IFNET || killed == Service.ROUTING;
        ServiceProcess held = system.service(participant ? killed : Service.IFNET);
        held.kill();
        standard.remove(tree.top().jid());
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.VNET))
                .get("/api/vnets/" + tree.leaf().vnetId()).then().body("state", equalTo("SHUTTING_DOWN")));
        if (!participant) {
            process.kill();
            held.start();
        }
        process.start();

        JailTreeIT.awaitFreed(jailEvents, tree.deepestFirst());
        tree.assertShutDownAndDestroyedInOrder(tree.deepestFirst());
        tree.assertNothingLeft(tree.deepestFirst());
    }

    private static void assertTornDown(StandardJail.Built jail) {
        standard.awaitDestroyed(jail.vnetId());
        given().baseUri(system.url(Service.VNET)).get("/api/vnets/" + jail.vnetId() + "/shutdown").then()
                .body("status", equalTo("COMPLETED"));
        Audits.awaitClean(processes);
        assertThat(AuditCheck.remnants(jail.vnetId(), Audits.ledger(processes, Service.IFNET),
                Audits.ledger(processes, Service.ROUTING))).isEmpty();
        given().baseUri(system.url(Service.IFNET)).get("/api/vnets/vnet0/interfaces/" + jail.epair()).then()
                .statusCode(200).body("vnet", equalTo("vnet0"));
    }
}

package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.events.fault.ReferenceFault;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import dev.jailnet.localstack.TopicWatcher;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The comparison: the standard jail torn down the old way ({@code "shutdown": "legacy"}), without
 * {@code vnet_shutdown}. DOMAIN.md §1's fault appears as recorded reference faults that the audit reports,
 * and every service keeps running; a tree of legacy jails, beside the same tree with {@code vnet_shutdown} in
 * JailTreeIT, is torn down deepest first and faults at every level. Its own system, since it leaves faults behind on
 * purpose; the single jail goes first, on a clean audit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LegacyTeardownIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static LocalProcesses system;
    private static TopicWatcher jailEvents;

    @BeforeAll
    static void start() throws Exception {
        system = LocalProcesses.start(Files.createTempDirectory("jailnet-legacy"));
        jailEvents = new TopicWatcher(system.kafkaBootstrap(), Topics.JAIL_EVENTS);
    }

    @AfterAll
    static void stop() {
        if (jailEvents != null) {
            jailEvents.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void theOldTeardownUnsubscribesFromAFreedRibAndLeavesNexthopsOnDestroyedInterfaces() {
        StandardJail standard = system.standardJail(jailEvents);
        StandardJail.Built jail = standard.create("legacy", true);
        Audits.awaitClean(system);

        try (TopicWatcher watcher = new TopicWatcher(system.kafkaBootstrap(), Topics.VNET_EVENTS, Topics.FAULTS)) {
            standard.remove(jail.jid());

            watcher.expect(VnetDestroyed.class, e -> e.vnetId().equals(jail.vnetId()) && e.legacy(), WAIT);
            watcher.expect(ReferenceFault.class, f -> f.service().equals("routing-service")
                    && f.description().contains("rib_unsubscribe by " + jail.gif()), WAIT);
            watcher.expect(ReferenceFault.class, f -> f.service().equals("ifnet-service")
                    && f.description().contains("lo0") && f.description().contains("still refer to it"), WAIT);
            assertThat(watcher.find(VnetShutdownStarted.class, e -> e.vnetId().equals(jail.vnetId())))
                    .as("no vnet_shutdown in legacy mode").isEmpty();
        }

        await().atMost(WAIT).untilAsserted(() -> assertThat(Audits.findings(system))
                .anyMatch(f -> f.contains("reference fault") && f.contains("rib_unsubscribe"))
                .anyMatch(f -> f.contains("has no holder but was not freed") || f.contains("does not exist")));
        for (Service service : Service.values()) {
            given().baseUri(system.url(service)).get("/q/health/ready").then().statusCode(200);
        }
        given().baseUri(system.url(Service.VNET)).get("/api/vnets/" + jail.vnetId()).then()
                .body("state", equalTo("DESTROYED")).body("teardown", equalTo("legacy"));
        StandardJail.Built after = standard.create("after-legacy");
        given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + after.jid()).then().body("state", equalTo("ALIVE"));
    }

    @Test
    @Order(2)
    void aTreeOfLegacyJailsGoesDeepestFirstAndEachLevelFaults() {
        StandardJail standard = system.standardJail(jailEvents);
        JailTree tree = JailTree.build(system, standard, "legacy-tree", true);

        try (TopicWatcher watcher = new TopicWatcher(system.kafkaBootstrap(), Topics.VNET_EVENTS, Topics.FAULTS)) {
            standard.remove(tree.top().jid());

            for (StandardJail.Built jail : tree.deepestFirst()) {
                watcher.expect(VnetDestroyed.class, e -> e.vnetId().equals(jail.vnetId()) && e.legacy(), WAIT);
                watcher.expect(ReferenceFault.class, f -> f.service().equals("routing-service")
                        && f.vnetId().equals(jail.vnetId()) && f.description().contains("rib_unsubscribe by "
                        + jail.gif()), WAIT);
            }
            watcher.expect(ReferenceFault.class, f -> f.service().equals("ifnet-service")
                    && f.vnetId().equals(tree.top().vnetId()) && f.description().contains("still refer to it"), WAIT);
            assertThat(watcher.find(VnetShutdownStarted.class, e -> tree.deepestFirst().stream()
                    .anyMatch(j -> j.vnetId().equals(e.vnetId())))).as("no vnet_shutdown in legacy mode").isEmpty();
        }
        for (int i = 0; i + 1 < tree.deepestFirst().size(); i++) {
            StandardJail.Built child = tree.deepestFirst().get(i);
            StandardJail.Built parent = tree.deepestFirst().get(i + 1);
            assertThat(Instant.parse(tree.vnet(child).path("endedAt").asText()))
                    .as("%s's VNET is destroyed before its parent's, even the old way", child.name())
                    .isBefore(Instant.parse(tree.vnet(parent).path("endedAt").asText()));
        }
        assertThat(tree.whereIs("vnet0", tree.hostLoan())).as("the host's loan is home").isEqualTo("vnet0");
        for (Service service : Service.values()) {
            given().baseUri(system.url(service)).get("/q/health/ready").then().statusCode(200);
        }
    }
}

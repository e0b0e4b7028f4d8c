package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.jailnet.cli.AuditCheck;
import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import dev.jailnet.localstack.TopicWatcher;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code vnet_shutdown} of the standard jail (VNET, lo0, a loaned epair with an address, a default route and
 * ten static routes, a gif tunnel with a cached nexthop and a RIB subscription), watched over REST and on
 * the lifecycle topics: nothing leaked, nothing faulted, and the destroy event only after the shutdown.
 * Written once, run against local processes ({@code VnetShutdownLocalIT}) and containers
 * ({@code VnetShutdownContainersIT}).
 */
abstract class VnetShutdownIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static SystemUnderTest system;
    private static TopicWatcher jailEvents;
    private static StandardJail standard;

    @BeforeAll
    static void system(SystemUnderTest running) {
        system = running;
        jailEvents = new TopicWatcher(running.kafkaBootstrap(), Topics.JAIL_EVENTS);
        standard = running.standardJail(jailEvents);
    }

    @AfterAll
    static void closeWatcher() {
        if (jailEvents != null) {
            jailEvents.close();
        }
    }

    @Test
    void theStandardJailIsTornDownWithNothingLeftAndDestroyedOnlyAfterItsShutdown() {
        String vnet0Routes = routing().get("/api/vnets/vnet0/routes").asString();
        StandardJail.Built jail = standard.create(unique("standard"));
        Audits.awaitClean(system);

        try (TopicWatcher watcher = new TopicWatcher(system.kafkaBootstrap(), Topics.VNET_EVENTS, Topics.JAIL_EVENTS)) {
            jails().delete("/api/jails/" + jail.jid()).then().statusCode(202).body("state", equalTo("DYING"));

            Envelope completed = watcher.expect(VnetShutdownCompleted.class, e -> e.vnetId().equals(jail.vnetId()), WAIT);
            Envelope destroyed = watcher.expect(VnetDestroyed.class, e -> e.vnetId().equals(jail.vnetId()), WAIT);
            watcher.expect(JailFreed.class, e -> e.jid() == jail.jid(), WAIT);
            List<Envelope> seen = watcher.seen();
            assertThat(seen.indexOf(completed)).as("VnetShutdownCompleted before VnetDestroyed")
                    .isLessThan(seen.indexOf(destroyed));

            Map<String, Map<String, Integer>> released = ((VnetShutdownCompleted) completed.payload()).steps().stream()
                    .collect(Collectors.toMap(VnetShutdownCompleted.StepSummary::step,
                            VnetShutdownCompleted.StepSummary::released));
            assertThat(released.keySet()).containsExactlyInAnyOrder("FREEZE", "TUNNEL_CACHE_RELEASE",
                    "RIB_FLUSH", "IFNET_DETACH", "RTABLES_DESTROY");
            assertThat(released.get("TUNNEL_CACHE_RELEASE")).containsEntry("tunnels", 1).containsEntry("nexthopRefs", 1)
                    .containsEntry("subscriptions", 1);
            assertThat(released.get("RIB_FLUSH")).containsEntry("routes", 2 + 1 + StandardJail.STATIC_ROUTES)
                    .containsEntry("subscriptions", 1).containsEntry("nexthops", 3).containsEntry("interfaceRefs", 3);
            assertThat(released.get("IFNET_DETACH")).containsEntry("returned", 1).containsEntry("destroyed", 2)
                    .containsEntry("interfaceRefs", 3);
        }

        Audits.awaitClean(system);
        assertThat(AuditCheck.remnants(jail.vnetId(), Audits.ledger(system, Service.IFNET),
                Audits.ledger(system, Service.ROUTING))).isEmpty();
        ifnet().get("/api/vnets/vnet0/interfaces/" + jail.epair()).then().statusCode(200)
                .body("vnet", equalTo("vnet0")).body("addresses", equalTo(List.of()));
        ifnet().get("/api/vnets/" + jail.vnetId() + "/interfaces").then().statusCode(404);
        routing().get("/api/vnets/" + jail.vnetId() + "/ribs").then().statusCode(404);
        vnets().get("/api/vnets/" + jail.vnetId()).then().body("state", equalTo("DESTROYED"));
        vnets().get("/api/vnets/" + jail.vnetId() + "/shutdown").then().statusCode(200)
                .body("status", equalTo("COMPLETED")).body("steps.status", equalTo(List.of("DONE", "DONE", "DONE",
                        "DONE", "DONE")));
        jails().get("/api/jails/" + jail.jid() + "?dying=true").then().statusCode(404);
        assertThat(routing().get("/api/vnets/vnet0/routes").asString()).as("vnet0's routes untouched")
                .isEqualTo(vnet0Routes);
    }

    @Test
    void aJailWithAHoldStaysDyingWithItsVnetShutDownUntilTheHoldIsReleased() {
        StandardJail.Built jail = standard.create(unique("held"));
        int hold = jails().contentType(ContentType.JSON).body("{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}")
                .post("/api/jails/" + jail.jid() + "/holds").then().statusCode(201).extract().path("id");

        jails().delete("/api/jails/" + jail.jid()).then().statusCode(202).body("refs", equalTo(1));

        await().atMost(WAIT).untilAsserted(() -> vnets().get("/api/vnets/" + jail.vnetId()).then()
                .body("state", equalTo("SHUT_DOWN")));
        jails().get("/api/jails?dying=true").then().body("jid", hasItem(jail.jid()));
        jails().get("/api/jails/" + jail.jid() + "?dying=true").then().body("state", equalTo("DYING"));
        Audits.awaitClean(system);

        jails().delete("/api/jails/" + jail.jid() + "/holds/" + hold).then().statusCode(204);
        standard.awaitDestroyed(jail.vnetId());
        await().atMost(WAIT).untilAsserted(() -> jails().get("/api/jails/" + jail.jid() + "?dying=true").then()
                .statusCode(404));
    }

    @Test
    void anAddressAddedJustBeforeRemovalNeverLeavesARouteBehind() {
        StandardJail.Built jail = standard.create(unique("late"));
        String epairA = jail.epair().substring(0, jail.epair().length() - 1) + "a";

        ifnet().contentType(ContentType.JSON).body("{\"address\":\"10.7.0.1/24\"}")
                .post("/api/vnets/" + jail.vnetId() + "/interfaces/" + jail.epair() + "/addresses").then().statusCode(201);
        jails().delete("/api/jails/" + jail.jid()).then().statusCode(202);

        standard.awaitDestroyed(jail.vnetId());
        routing().get("/api/vnets/" + jail.vnetId() + "/routes").then().statusCode(404);
        Audits.awaitClean(system);
        assertThat(AuditCheck.remnants(jail.vnetId(), Audits.ledger(system, Service.IFNET),
                Audits.ledger(system, Service.ROUTING))).isEmpty();
        ifnet().get("/api/vnets/vnet0/interfaces/" + epairA).then().statusCode(200);
    }

    @Test
    void afterTheFreezeNothingNewIsCreatedAndVnet0IsNeverShutDown() {
        vnets().post("/api/vnets/vnet0/shutdown").then().statusCode(409).body("field", equalTo("vnetId"));
        StandardJail.Built jail = standard.create(unique("frozen"));
        int hold = jails().contentType(ContentType.JSON).body("{\"description\":\"tcp 10.0.0.2:22 ESTABLISHED\"}")
                .post("/api/jails/" + jail.jid() + "/holds").then().statusCode(201).extract().path("id");

        vnets().post("/api/vnets/" + jail.vnetId() + "/shutdown").then().statusCode(202)
                .body("type", equalTo("VNET_SHUTDOWN"));
        await().atMost(WAIT).untilAsserted(() -> vnets().get("/api/vnets/" + jail.vnetId()).then()
                .body("state", equalTo("SHUT_DOWN")));

        vnets().post("/api/vnets/" + jail.vnetId() + "/shutdown").then().statusCode(409);
        ifnet().contentType(ContentType.JSON).body("{\"cloner\":\"gif\"}").post("/api/vnets/" + jail.vnetId()
                + "/interfaces").then().statusCode(404);
        // the jail does not live on without its stack: it dies as jail_remove would make it; the hold keeps it
        await().atMost(WAIT).untilAsserted(() -> jails().get("/api/jails/" + jail.jid() + "?dying=true").then()
                .body("state", equalTo("DYING")).body("reason", equalTo("vnet_shutdown of its VNET by an operator"))
                .body("userRefs", equalTo(0)));
        jails().delete("/api/jails/" + jail.jid() + "/holds/" + hold).then().statusCode(204);
        standard.awaitDestroyed(jail.vnetId());
        await().atMost(WAIT).untilAsserted(() -> jails().get("/api/jails/" + jail.jid() + "?dying=true").then()
                .statusCode(404));
        assertThat(jailEvents.all(JailDying.class, e -> e.jid() == jail.jid())).as("one death, the shutdown's")
                .singleElement().extracting(JailDying::reason).isEqualTo("vnet_shutdown of its VNET by an operator");
        Audits.awaitClean(system);
    }

    @Test
    void twentyStandardJailsRemovedAtOnceAllCompleteWithACleanAudit() throws Exception {
        List<StandardJail.Built> built = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            built.add(standard.create(unique("crowd" + i)));
        }
        ExecutorService removers = Executors.newFixedThreadPool(20);
        List<Future<?>> removed = new ArrayList<>();
        built.forEach(jail -> removed.add(removers.submit(() -> standard.remove(jail.jid()))));
        for (Future<?> f : removed) {
            f.get();
        }
        removers.shutdown();

        built.forEach(jail -> standard.awaitDestroyed(jail.vnetId()));
        Audits.awaitClean(system);
        for (StandardJail.Built jail : built) {
            assertThat(AuditCheck.remnants(jail.vnetId(), Audits.ledger(system, Service.IFNET),
                    Audits.ledger(system, Service.ROUTING))).isEmpty();
            ifnet().get("/api/vnets/vnet0/interfaces/" + jail.epair()).then().body("vnet", equalTo("vnet0"));
        }
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static RequestSpecification jails() {
        return given().baseUri(system.url(Service.JAIL));
    }

    private static RequestSpecification vnets() {
        return given().baseUri(system.url(Service.VNET));
    }

    private static RequestSpecification ifnet() {
        return given().baseUri(system.url(Service.IFNET));
    }

    private static RequestSpecification routing() {
        return given().baseUri(system.url(Service.ROUTING));
    }
}

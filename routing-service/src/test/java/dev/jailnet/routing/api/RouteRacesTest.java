package dev.jailnet.routing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.localstack.TopicWatcher;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import dev.jailnet.testsupport.Together;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Requests that race each other or a saga step on one VNET, and a VNET too large for a list of its references
 * in one message. The test plays ifnet-service and vnet-service over Kafka.
 */
@QuarkusTest
@ServiceTest
class RouteRacesTest extends TopicWatchingTest {

    private static final AtomicInteger INDEXES = new AtomicInteger(50_000);

    @Inject
    AgroalDataSource dataSource;

    private ExecutorService clients;

    RouteRacesTest() {
        super(Topics.SAGA_REPLIES);
    }

    @BeforeEach
    void startClients() {
        clients = Executors.newFixedThreadPool(8);
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void fortyRoutesAddedAtOnceThroughTwentyNewGatewaysAreAllAddedWithOneNexthopPerGateway() {
        String vnet = vnetWithAddress("10.1.0.1", 16);
        List<CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int wave = 0; wave < 5; wave++) {
            // eight at once, two through each of four gateways no route uses yet: both would create its nexthop
            CyclicBarrier start = new CyclicBarrier(8);
            for (int i = wave * 8; i < wave * 8 + 8; i++) {
                String body = "{\"destination\":\"192.0.2." + (i + 1) + "/32\",\"gateway\":\"10.1.0." + (2 + i / 2) + "\"}";
                answers.add(CompletableFuture.supplyAsync(() -> {
                    Together.await(start);
                    return given().contentType(ContentType.JSON).body(body).post("/api/vnets/" + vnet + "/routes")
                            .then().extract().statusCode();
                }, clients));
            }
            answers.forEach(CompletableFuture::join);
        }

        assertThat(answers.stream().map(CompletableFuture::join)).as("every add answered").containsOnly(201);
        given().get("/api/vnets/" + vnet + "/routes?fib=0&family=inet").then().body("", hasSize(42));
        // the connected route's, the host route's through lo0, and one per gateway
        given().get("/api/vnets/" + vnet + "/nexthops").then().body("", hasSize(22));
    }

    @Test
    void twoChangesAndADeleteOfOneRouteAtOnceLeaveNoNexthopBehind() {
        List<Integer> changed = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            int delay = round % 4;
            String vnet = vnetWithAddress("10.5.0.1", 16);
            given().contentType(ContentType.JSON).body("{\"destination\":\"192.0.2.0/24\",\"gateway\":\"10.5.0.2\"}")
                    .post("/api/vnets/" + vnet + "/routes").then().statusCode(201);
            // one change goes through a nexthop that exists, the other makes its own
            given().contentType(ContentType.JSON).body("{\"destination\":\"198.51.100.0/24\",\"gateway\":"
                    + "\"10.5.0.3\"}").post("/api/vnets/" + vnet + "/routes").then().statusCode(201);
            CyclicBarrier start = new CyclicBarrier(3);
            List<CompletableFuture<Integer>> changes = new ArrayList<>();
            for (String gateway : List.of("10.5.0.3", "10.5.0.4")) {
                changes.add(CompletableFuture.supplyAsync(() -> {
                    Together.await(start);
                    return given().contentType(ContentType.JSON).body("{\"destination\":\"192.0.2.0/24\",\"gateway\":\""
                            + gateway + "\"}").put("/api/vnets/" + vnet + "/routes").then().extract().statusCode();
                }, clients));
            }
            CompletableFuture<Integer> delete = CompletableFuture.supplyAsync(() -> {
                Together.await(start);
                // the delete goes first in some rounds, last in others
                sleep(delay == 0 ? 0 : 8 * delay - 8);
                return given().delete("/api/vnets/" + vnet + "/routes?destination=192.0.2.0/24").then().extract()
                        .statusCode();
            }, clients);

            int r = round;
            changes.forEach(change -> changed.add(change.join()));
            assertThat(delete.join()).as("round %d: the route is there to delete, changed or not", r).isEqualTo(204);
            assertThat(changes.stream().map(CompletableFuture::join)).as("round %d: a change before the delete is"
                    + " done, one after finds no route", r).allMatch(status -> status == 200 || status == 404);
            given().get("/api/vnets/" + vnet + "/routes").then().body("destination", not(hasItem("192.0.2.0/24")))
                    .body("", hasSize(3));
            given().get("/api/vnets/" + vnet + "/nexthops").then().body("gateway", containsInAnyOrder(null, null,
                    "10.5.0.3"));
            given().get("/api/audit").then().statusCode(200).body("violations", empty());
        }
        assertThat(changed).as("changes ran before the delete and after it").contains(200, 404);
    }

    @Test
    void aRouteAddedAsTheVnetShutsDownIsFlushedOrRefusedNeverLeftBehind() {
        for (int round = 0; round < 30; round++) {
            String vnet = vnetWithAddress("10.2.0.1", 16);
            CyclicBarrier start = new CyclicBarrier(5);
            int first = round;
            List<CompletableFuture<List<Integer>>> adders = new ArrayList<>();
            for (int adder = 0; adder < 4; adder++) {
                int third = adder;
                adders.add(CompletableFuture.supplyAsync(() -> {
                    Together.await(start);
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = 0; i < 15; i++) {
                        statuses.add(given().contentType(ContentType.JSON).body("{\"destination\":\"198.51." + third
                                        + "." + (i + 1) + "/32\",\"gateway\":\"10.2." + third + "." + (2 + i) + "\"}")
                                .post("/api/vnets/" + vnet + "/routes").then().extract().statusCode());
                    }
                    return statuses;
                }, clients));
            }
            CompletableFuture<List<Integer>> adds = CompletableFuture.allOf(adders.toArray(CompletableFuture[]::new))
                    .thenApply(done -> adders.stream().flatMap(a -> a.join().stream()).toList());
            CompletableFuture<SagaReply> teardown = CompletableFuture.supplyAsync(() -> {
                Together.await(start);
                UUID saga = UUID.randomUUID();
                step(saga, vnet, SagaStep.FREEZE, List.of());
                step(saga, vnet, SagaStep.RIB_FLUSH, List.of());
                return step(saga, vnet, SagaStep.RTABLES_DESTROY, List.of());
            }, clients);

            assertThat(adds.join()).as("round %d: each add is done, or refused as the VNET shuts down (409) or is"
                    + " gone (404)", first).allMatch(status -> status == 201 || status == 409 || status == 404);
            SagaReply destroyed = teardown.join();
            assertThat(destroyed.success()).as("round %d: nothing is left in the RIBs after the flush (%s)", first,
                    destroyed.reason()).isTrue();
        }
    }

    @Test
    void aBulkLoadMeetingAShutdownStopsBetweenChunksAndLeavesNothingBehindTheFlush() {
        StringBuilder load = new StringBuilder("{\"routes\":[");
        for (int i = 0; i < 4_000; i++) {
            load.append(i == 0 ? "" : ",").append("{\"destination\":\"172.20.").append(i / 256).append('.')
                    .append(i % 256).append("/32\",\"gateway\":\"10.4.").append(i % 40).append(".9\"}");
        }
        String body = load.append("]}").toString();
        for (int round = 0; round < 10; round++) {
            String vnet = vnetWithAddress("10.4.0.1", 16);
            CyclicBarrier start = new CyclicBarrier(2);
            CompletableFuture<io.restassured.response.Response> loaded = CompletableFuture.supplyAsync(() -> {
                Together.await(start);
                return given().contentType(ContentType.JSON).body(body).post("/api/vnets/" + vnet + "/routes/bulk");
            }, clients);
            int wait = round * 15;
            CompletableFuture<SagaReply> teardown = CompletableFuture.supplyAsync(() -> {
                Together.await(start);
                sleep(wait);
                UUID saga = UUID.randomUUID();
                step(saga, vnet, SagaStep.FREEZE, List.of());
                step(saga, vnet, SagaStep.RIB_FLUSH, List.of());
                return step(saga, vnet, SagaStep.RTABLES_DESTROY, List.of());
            }, clients);

            io.restassured.response.Response answer = loaded.join();
            if (answer.statusCode() == 200) {
                int added = answer.path("added");
                List<String> fields = answer.path("refused.field");
                assertThat(added + fields.size()).as("round %d: every route is added or refused", round).isEqualTo(4_000);
                assertThat(added % 1_000).as("round %d: a shutdown stops a load between chunks", round).isZero();
                assertThat(fields).as("round %d: what was not added was refused as the VNET shut down", round)
                        .allMatch("vnetId"::equals);
            } else {
                assertThat(answer.statusCode()).as("round %d: refused whole as the VNET shuts down or is gone", round)
                        .isIn(404, 409);
            }
            SagaReply destroyed = teardown.join();
            assertThat(destroyed.success()).as("round %d: nothing is left in the RIBs after the flush (%s)", round,
                    destroyed.reason()).isTrue();
        }
    }

    @Test
    void theFlushOfAHundredThousandNexthopsIsPassedOnInAReplyOfFixedSize() throws Exception {
        String vnet = vnetWithAddress("10.3.0.1", 16);
        int nexthops = 100_000;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement nhops = connection.prepareStatement("""
                     insert into routing.nhop (id, vnet_id, fib, family, if_index, if_name, gateway, created_at)
                     select nextval('routing.nhop_seq'), ?, 0, 'INET', 90000 + g % 10000, 'epair' || (g % 10000),
                            '10.' || (64 + g / 65536) || '.' || (g / 256) % 256 || '.' || g % 256, now()
                     from generate_series(1, ?) g""");
             PreparedStatement routes = connection.prepareStatement("""
                     insert into routing.route (vnet_id, fib, family, destination, nhop_id, kind, created_at)
                     select vnet_id, 0, 'INET', ('172.' || (16 + row_number() over () / 65536) || '.'
                            || (row_number() over () / 256) % 256 || '.' || row_number() over () % 256 || '/32')::cidr,
                            id, 'STATIC', now()
                     from routing.nhop where vnet_id = ? and gateway like '10.%'""")) {
            nhops.setString(1, vnet);
            nhops.setInt(2, nexthops);
            assertThat(nhops.executeUpdate()).isEqualTo(nexthops);
            // as autovacuum would in a running system: with the statistics of near-empty tables, the foreign keys'
            // checks scan a whole table for each row (every nexthop for each route added, every route for each
            // nexthop the flush deletes)
            try (java.sql.Statement analyze = connection.createStatement()) {
                analyze.execute("analyze routing.nhop");
                routes.setString(1, vnet);
                assertThat(routes.executeUpdate()).isEqualTo(nexthops);
                analyze.execute("analyze routing.route");
            }
        }
        UUID saga = UUID.randomUUID();
        step(saga, vnet, SagaStep.FREEZE, List.of());

        SagaReply flushed = step(saga, vnet, SagaStep.RIB_FLUSH,
                List.of(new ReleasedReferences(ReferenceKind.TUNNEL_NHOP, vnet, 0)));

        assertThat(flushed.success()).isTrue();
        assertThat(flushed.releases()).containsExactly(
                new ReleasedReferences(ReferenceKind.NHOP_IFNET, vnet, nexthops + 2));
        assertThat(flushed.released()).containsEntry("routes", nexthops + 2).containsEntry("nexthops", nexthops + 2);
        List<ConsumerRecord<String, byte[]>> replies = KafkaProbe.readUntil(bootstrap, Topics.SAGA_REPLIES, WAIT,
                seen -> seen.stream().anyMatch(r -> vnet.equals(r.key()) && new String(r.value()).contains("FLUSH")));
        int size = replies.stream().filter(r -> vnet.equals(r.key()) && new String(r.value()).contains("FLUSH"))
                .mapToInt(r -> r.value().length).max().orElseThrow();
        assertThat(size).as("the reply summarises, it does not list, what was released").isLessThan(2048);
        assertThat(step(saga, vnet, SagaStep.RTABLES_DESTROY, List.of()).success()).isTrue();
    }

    @Test
    void anInterfaceLeavingAVnetThatShutsDownIsDetachedAndItsRoutesGoWithTheFlush() {
        String vnet = vnetWithAddress("10.4.0.1", 24);
        int epair = INDEXES.get();
        UUID saga = UUID.randomUUID();
        step(saga, vnet, SagaStep.FREEZE, List.of());

        try (TopicWatcher routeEvents = new TopicWatcher(bootstrap, Topics.ROUTE_EVENTS)) {
            send(new IfnetDeparture(vnet, "epair0b", epair, IfnetDeparture.Fate.TOMBSTONE));
            routeEvents.expect(IfnetDetached.class, d -> d.vnetId().equals(vnet) && d.ifIndex() == epair, WAIT);
            assertThat(routeEvents.all(NhopFreed.class, f -> f.vnetId().equals(vnet))).isEmpty();
        }
        given().get("/api/vnets/" + vnet + "/routes").then().body("", hasSize(2));

        SagaReply flushed = step(saga, vnet, SagaStep.RIB_FLUSH, List.of());
        assertThat(flushed.released()).containsEntry("routes", 2).containsEntry("nexthops", 2);
        assertThat(flushed.releases()).containsExactly(new ReleasedReferences(ReferenceKind.NHOP_IFNET, vnet, 2));
        assertThat(rowsOf(vnet)).containsEntry("vnet", 1L).containsEntry("rib", 2L).containsEntry("ifnet", 1L)
                .containsEntry("route", 0L).containsEntry("nhop", 0L).containsEntry("rib_subscription", 0L);

        SagaReply destroyed = step(saga, vnet, SagaStep.RTABLES_DESTROY, List.of());
        assertThat(destroyed.success()).isTrue();
        assertThat(destroyed.released()).isEqualTo(Map.of("ribs", 2));
        assertThat(rowsOf(vnet)).as("rtables_destroy leaves nothing of the VNET in routing")
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    /** Per table of routing's: how many rows it holds of the VNET. */
    private Map<String, Long> rowsOf(String vnet) {
        Map<String, Long> rows = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : List.of("vnet", "rib", "ifnet", "route", "nhop", "rib_subscription")) {
                try (PreparedStatement count = connection.prepareStatement(
                        "select count(*) from routing." + table + " where vnet_id = ?")) {
                    count.setString(1, vnet);
                    try (ResultSet result = count.executeQuery()) {
                        result.next();
                        rows.put(table, result.getLong(1));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    /** A VNET with its RIBs, lo0, and an epair with an address (its connected and local routes). */
    private String vnetWithAddress(String address, int length) {
        String vnet = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        int lo0 = INDEXES.incrementAndGet();
        int epair = INDEXES.incrementAndGet();
        step(UUID.randomUUID(), vnet, SagaStep.RTABLES_INIT, List.of());
        send(new IfnetArrival(vnet, "lo0", lo0, "LOOP", vnet));
        send(new IfnetArrival(vnet, "epair0b", epair, "EPAIR", "vnet0"));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET", address, length));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/vnets/" + vnet + "/routes").then().body("", hasSize(2)));
        return vnet;
    }

    private SagaReply step(UUID saga, String vnet, SagaStep step, List<ReleasedReferences> releases) {
        return sagaStep(Topics.ROUTING_COMMANDS, saga, new SagaCommand(vnet, step, 1, List.of(), releases));
    }

    private void send(Message message) {
        send(Topics.IFNET_EVENTS, message);
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.jailnet.cli.Service;
import dev.jailnet.events.Topics;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.localstack.TopicWatcher;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The network stack across ifnet-service and routing-service, over REST, with the cross-service audit clean
 * after each scenario.
 * <p>
 * Abstract: run against each kind of system by its subclasses {@code NetworkStackLocalIT} and
 * {@code NetworkStackContainersIT} (see {@link VnetJailCreationIT}).
 */
abstract class NetworkStackIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static SystemUnderTest system;

    @BeforeAll
    static void system(SystemUnderTest running) {
        system = running;
    }

    @Test
    void aLoanedEpairWithAnAddressBringsConnectedAndLocalRoutesAndGoesHomePurged() {
        String epair = hostEpair();
        String vnet = vnetJail(List.of(epair + "b"));

        ifnet().get(interfaces(vnet)).then().body("name", containsInAnyOrder("lo0", epair + "b"))
                .body("find { it.name == '" + epair + "b' }.homeVnet", equalTo("vnet0"))
                .body("find { it.name == '" + epair + "b' }.vnet", equalTo(vnet));
        address(vnet, epair + "b", "10.0.0.2/24");
        await().atMost(WAIT).untilAsserted(() -> routing().get("/api/vnets/" + vnet + "/routes?fib=0&family=inet").then()
                .body("destination", equalTo(List.of("10.0.0.0/24", "10.0.0.2/32")))
                .body("flags", equalTo(List.of("UC", "UHS"))).body("interface", equalTo(List.of(epair + "b", "lo0"))));
        Audits.awaitClean(system);

        ifnet().contentType(ContentType.JSON).body("{\"vnet\":\"" + vnet + "\"}")
                .post(interfaces("vnet0") + "/" + epair + "b/reclaim").then().statusCode(200)
                .body("vnet", equalTo("vnet0")).body("addresses", equalTo(List.of()));
        await().atMost(WAIT).untilAsserted(() -> routing().get("/api/vnets/" + vnet + "/routes").then()
                .body("destination", equalTo(List.of())));
        ifnet().get(interfaces(vnet)).then().body("name", equalTo(List.of("lo0")));
        Audits.awaitClean(system);
    }

    @Test
    void staticAndDefaultRoutesShareTheirGatewaysNexthop() {
        String vnet = vnetWithAddress("10.0.0.2/24");
        String nhop = route(vnet, "{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}").body("flags", equalTo("UGS"))
                .extract().path("nhopId").toString();
        for (int i = 0; i < 10; i++) {
            route(vnet, "{\"destination\":\"10.1." + i + ".0/24\",\"gateway\":\"10.0.0.1\"}")
                    .body("nhopId", equalTo(Integer.parseInt(nhop)));
        }
        routing().get("/api/vnets/" + vnet + "/nexthops").then()
                .body("find { it.id == " + nhop + " }.refcount", equalTo(11));
        routing().get("/api/vnets/" + vnet + "/lookup?destination=10.1.4.4").then()
                .body("destination", equalTo("10.1.4.0/24")).body("gateway", equalTo("10.0.0.1"));
        routing().contentType(ContentType.JSON).body("{\"destination\":\"10.9.0.0/16\",\"gateway\":\"172.16.0.1\"}")
                .post("/api/vnets/" + vnet + "/routes").then().statusCode(400).body("field", equalTo("gateway"));
        Audits.awaitClean(system);
    }

    @Test
    void aGifTunnelsCacheFollowsARouteChangeAndDropsWhenTheRouteIsDeleted() {
        String vnet = vnetWithAddress("10.0.0.2/24");
        String viaDefault = route(vnet, "{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}")
                .extract().path("nhopId").toString();
        String gif = ifnet().contentType(ContentType.JSON).body("{\"cloner\":\"gif\"}").post(interfaces(vnet)).then()
                .statusCode(201).extract().path("name");
        ifnet().contentType(ContentType.JSON)
                .body("{\"source\":\"10.0.0.2\",\"destination\":\"198.51.100.1\",\"fib\":0}")
                .put(interfaces(vnet) + "/" + gif + "/tunnel").then().statusCode(200);
        awaitCache(vnet, gif, viaDefault);
        routing().get("/api/vnets/" + vnet + "/subscriptions").then().body("subscriber", equalTo(List.of(gif)));
        ifnet().get(interfaces(vnet) + "/" + gif).then().body("flags", hasItem("RUNNING"));

        String viaOther = route(vnet, "{\"destination\":\"198.51.100.0/24\",\"gateway\":\"10.0.0.3\"}")
                .extract().path("nhopId").toString();
        assertThat(viaOther).isNotEqualTo(viaDefault);
        awaitCache(vnet, gif, viaOther);

        routing().delete("/api/vnets/" + vnet + "/routes?destination=198.51.100.0/24").then().statusCode(204);
        awaitCache(vnet, gif, viaDefault);
        routing().delete("/api/vnets/" + vnet + "/routes?destination=default").then().statusCode(204);
        await().atMost(WAIT).untilAsserted(() -> ifnet().get(interfaces(vnet) + "/" + gif).then()
                .body("tunnel.cache", nullValue()).body("flags", not(hasItem("RUNNING"))));
        Audits.awaitClean(system);

        ifnet().delete(interfaces(vnet) + "/" + gif + "/tunnel").then().statusCode(204);
        await().atMost(WAIT).untilAsserted(() -> routing().get("/api/vnets/" + vnet + "/subscriptions").then()
                .body("", equalTo(List.of())));
        Audits.awaitClean(system);
    }

    @Test
    void destroyingAnInterfaceThatRoutesUseFlushesThemAndFreesItOnceReleased() {
        String vnet = vnetJail(List.of());
        var created = ifnet().contentType(ContentType.JSON).body("{\"cloner\":\"epair\"}").post(interfaces(vnet)).then()
                .statusCode(201);
        String name = created.extract().path("name");
        int index = created.extract().path("index");
        address(vnet, name, "10.2.0.1/24");
        await().atMost(WAIT).untilAsserted(() -> routing().get("/api/vnets/" + vnet + "/lookup?destination=10.2.0.9")
                .then().statusCode(200));
        route(vnet, "{\"destination\":\"10.3.0.0/16\",\"gateway\":\"10.2.0.9\"}");
        await().atMost(WAIT).untilAsserted(() -> ifnet().get(interfaces(vnet) + "/" + name).then()
                .body("refcount", equalTo(2)));

        try (TopicWatcher watcher = new TopicWatcher(system.kafkaBootstrap(), Topics.ROUTE_EVENTS)) {
            ifnet().delete(interfaces(vnet) + "/" + name).then().statusCode(204);

            watcher.expect(IfnetDetached.class, d -> d.ifIndex() == index, WAIT);
            await().atMost(WAIT).until(() -> watcher.all(NhopFreed.class, n -> n.ifIndex() == index).size() == 2);
        }
        await().atMost(WAIT).untilAsserted(() -> ifnet().get(interfaces(vnet) + "?tombstones=true").then()
                .body("name", not(hasItem(name))));
        routing().get("/api/vnets/" + vnet + "/routes").then().body("destination", equalTo(List.of()));
        Audits.awaitClean(system);
    }

    /**
     * Both addresses of a network removed at once while a route through its gateway is added, round after round: in
     * whatever order the three land, the network's prefix route passes from the first address to the second and goes
     * with it ({@code in_scrubprefix}), and no route through the gateway outlives the address it leaves by ({@code
     * in_ifadown}); the route is either added and then deleted, or refused as unreachable.
     */
    @Test
    void aNetworksAddressesRemovedWhileARouteThroughThemIsAddedLeaveNothingOfTheNetwork() throws Exception {
        String vnet = vnetJail(List.of());
        String a = ifnet().contentType(ContentType.JSON).body("{\"cloner\":\"epair\"}").post(interfaces(vnet)).then()
                .statusCode(201).extract().path("name");
        String b = a.substring(0, a.length() - 1) + "b";
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int round = 0; round < 8; round++) {
                String net = "10." + (40 + round) + ".0.";
                routedAddress(vnet, a, net + "2/24");
                routedAddress(vnet, b, net + "3/24");
                route(vnet, "{\"destination\":\"172.16." + round + ".0/24\",\"gateway\":\"" + net + "1\"}");

                Future<Integer> holder = pool.submit(() -> ifnet().delete(interfaces(vnet) + "/" + a + "/addresses/"
                        + net + "2").statusCode());
                Future<Integer> sharer = pool.submit(() -> ifnet().delete(interfaces(vnet) + "/" + b + "/addresses/"
                        + net + "3").statusCode());
                String through = "{\"destination\":\"192.168." + round + ".0/24\",\"gateway\":\"" + net + "1\"}";
                Future<Integer> added = pool.submit(() -> routing().contentType(ContentType.JSON).body(through)
                        .post("/api/vnets/" + vnet + "/routes").statusCode());
                assertThat(holder.get()).isEqualTo(204);
                assertThat(sharer.get()).isEqualTo(204);
                assertThat(added.get()).as("taken, or refused as unreachable").isIn(201, 400);
                await().atMost(WAIT).untilAsserted(() -> assertThat(routing().get("/api/vnets/" + vnet + "/routes")
                        .then().extract().<List<String>>path("destination")).as("round %s", net).isEmpty());
            }
        } finally {
            pool.shutdownNow();
        }
        routing().get("/api/vnets/" + vnet + "/nexthops").then().body("", equalTo(List.of()));
        Audits.awaitClean(system);
    }

    private void awaitCache(String vnet, String gif, String nhop) {
        await().atMost(WAIT).untilAsserted(() -> ifnet().get(interfaces(vnet) + "/" + gif).then()
                .body("tunnel.cache.nhopId", equalTo(Integer.parseInt(nhop))));
    }

    /** An epair in vnet0, as the host creates one before giving a jail its "b" half. */
    private static String hostEpair() {
        String a = ifnet().contentType(ContentType.JSON).body("{\"cloner\":\"epair\"}").post(interfaces("vnet0")).then()
                .statusCode(201).extract().path("name");
        return a.substring(0, a.length() - 1);
    }

    private static String vnetWithAddress(String address) {
        String epair = hostEpair();
        String vnet = vnetJail(List.of(epair + "b"));
        address(vnet, epair + "b", address);
        await().atMost(WAIT).untilAsserted(() -> routing().get("/api/vnets/" + vnet + "/routes").then()
                .body("destination.size()", equalTo(2)));
        return vnet;
    }

    static String vnetJail(List<String> loaned) {
        String interfaces = loaned.isEmpty() ? "" : ",\"interfaces\":[\"" + String.join("\",\"", loaned) + "\"]";
        ValidatableResponse created = given().baseUri(system.url(Service.JAIL)).contentType(ContentType.JSON)
                .body("{\"name\":\"net-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"vnet\":true" + interfaces + "}")
                .post("/api/jails").then().statusCode(201);
        int jid = created.extract().path("jid");
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + jid)
                .then().body("state", equalTo("ALIVE")));
        return created.extract().path("vnetId");
    }

    private static void address(String vnet, String name, String address) {
        ifnet().contentType(ContentType.JSON).body("{\"address\":\"" + address + "\"}")
                .post(interfaces(vnet) + "/" + name + "/addresses").then().statusCode(201);
    }

    /** An address, answered once routing has added its routes. */
    private static void routedAddress(String vnet, String name, String address) {
        ifnet().contentType(ContentType.JSON).header("Prefer", "wait=10").body("{\"address\":\"" + address + "\"}")
                .post(interfaces(vnet) + "/" + name + "/addresses").then().statusCode(201);
    }

    private static ValidatableResponse route(String vnet, String json) {
        return routing().contentType(ContentType.JSON).body(json).post("/api/vnets/" + vnet + "/routes").then()
                .statusCode(201);
    }

    private static String interfaces(String vnet) {
        return "/api/vnets/" + vnet + "/interfaces";
    }

    private static RequestSpecification ifnet() {
        return given().baseUri(system.url(Service.IFNET));
    }

    private static RequestSpecification routing() {
        return given().baseUri(system.url(Service.ROUTING));
    }
}

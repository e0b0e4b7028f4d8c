package dev.jailnet.ifnet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.PrefixRouteHeir;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.RibChanged;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Interfaces over REST; the test plays routing-service (and vnet-service) over Kafka. */
@QuarkusTest
@ServiceTest
class InterfaceResourceTest extends TopicWatchingTest {

    @Inject
    AgroalDataSource dataSource;

    private String vnet;

    InterfaceResourceTest() {
        super(Topics.IFNET_EVENTS, Topics.SAGA_REPLIES);
    }

    @BeforeEach
    void aVnet() {
        vnet = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        sagaStep(Topics.IFNET_COMMANDS, UUID.randomUUID(), new SagaCommand(vnet, SagaStep.LOIF_INIT, 1));
    }

    /** A VNET made from {@code parent}: an interface is loaned only down the tree. */
    private String childOf(String parent) {
        String child = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        sagaStep(Topics.IFNET_COMMANDS, UUID.randomUUID(), new SagaCommand(child, SagaStep.LOIF_INIT, 1, List.of(),
                List.of(), parent));
        return child;
    }

    @Test
    void clonersAllocateTheLowestFreeUnitPerVnet() {
        create("{\"cloner\":\"gif\"}").body("name", equalTo("gif0")).body("kind", equalTo("GIF"))
                .body("flags", equalTo(List.of("POINTOPOINT", "MULTICAST")));
        create("{\"cloner\":\"gif\"}").body("name", equalTo("gif1"));
        create("{\"cloner\":\"gif\",\"name\":\"gif7\"}").body("name", equalTo("gif7"));
        create("{\"cloner\":\"lo\"}").body("name", equalTo("lo1"))
                .body("flags", equalTo(List.of("LOOPBACK", "MULTICAST")));
        create("{\"cloner\":\"bridge\"}").body("name", equalTo("bridge0"));
        create("{\"cloner\":\"epair\"}").body("name", equalTo("epair0a")).body("peer", equalTo("epair0b"));

        given().delete(path("/gif0")).then().statusCode(204);
        create("{\"cloner\":\"gif\"}").body("name", equalTo("gif0"));

        given().get(path("")).then().body("name", equalTo(List.of("lo0", "gif1", "gif7", "lo1", "bridge0", "epair0a",
                "epair0b", "gif0")));
        assertThat(watcher.all(IfnetArrival.class, a -> a.vnetId().equals(vnet)).size()).isEqualTo(9);
    }

    @Test
    void concurrentClonesGetDistinctUnits() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<String>> names = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add(clients.submit(() -> given().contentType(ContentType.JSON).body("{\"cloner\":\"gif\"}")
                    .post(path("")).then().statusCode(201).extract().<String>path("name")));
        }
        java.util.Set<String> distinct = new java.util.TreeSet<>();
        for (java.util.concurrent.Future<String> name : names) {
            distinct.add(name.get());
        }
        clients.shutdown();

        assertThat(distinct).containsExactlyInAnyOrder("gif0", "gif1", "gif2", "gif3", "gif4", "gif5", "gif6", "gif7");
    }

    /**
     * Two tunnels of one kind in a VNET cannot share both endpoints ({@code in_gif_checkdup}: EADDRNOTAVAIL), also
     * when both are set at once, round after round; a tunnel of another kind can, and a tunnel set again to its own
     * endpoints is.
     */
    @Test
    void twoTunnelsOfOneKindCannotShareBothEndpointsEvenSetAtOnce() throws Exception {
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        String winner = null;
        try {
            for (int round = 0; round < 10; round++) {
                String endpoints = "{\"source\":\"10.0.0.2\",\"destination\":\"198.51.100." + round + "\",\"fib\":0}";
                String first = create("{\"cloner\":\"gif\"}").extract().path("name");
                String second = create("{\"cloner\":\"gif\"}").extract().path("name");
                List<java.util.concurrent.Future<io.restassured.response.Response>> set = List.of(
                        clients.submit(() -> given().contentType(ContentType.JSON).body(endpoints)
                                .put(path("/" + first + "/tunnel"))),
                        clients.submit(() -> given().contentType(ContentType.JSON).body(endpoints)
                                .put(path("/" + second + "/tunnel"))));
                List<Integer> codes = new java.util.ArrayList<>();
                for (java.util.concurrent.Future<io.restassured.response.Response> answer : set) {
                    codes.add(answer.get().statusCode());
                    if (answer.get().statusCode() == 409) {
                        answer.get().then().body("field", equalTo("destination"))
                                .body("detail", containsString("EADDRNOTAVAIL"));
                    } else if (round == 0) {
                        winner = answer.get().path("name");
                    }
                }
                assertThat(codes).as("round %d", round).containsExactlyInAnyOrder(200, 409);
            }
        } finally {
            clients.shutdown();
        }
        String gre = create("{\"cloner\":\"gre\"}").extract().path("name");
        given().contentType(ContentType.JSON).body("{\"source\":\"10.0.0.2\",\"destination\":\"198.51.100.0\",\"fib\":0}")
                .put(path("/" + gre + "/tunnel")).then().statusCode(200);
        given().contentType(ContentType.JSON).body("{\"source\":\"10.0.0.2\",\"destination\":\"198.51.100.0\",\"fib\":0}")
                .put(path("/" + winner + "/tunnel")).then().statusCode(200);
    }

    @Test
    void aVxlanIsHostOwnedWhereverItIsCreated() {
        String name = create("{\"cloner\":\"vxlan\"}").body("homeVnet", equalTo("vnet0")).body("vnet", equalTo(vnet))
                .extract().path("name");
        assertThat(name).startsWith("vxlan");
        given().get("/api/vnets/vnet0/interfaces").then().body("name", not(hasItem(name)));
    }

    @Test
    void destroyingAnEpairHalfDestroysBothWhereverTheyAre() {
        String child = childOf(vnet);
        create("{\"cloner\":\"epair\"}");
        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + child + "\"}").post(path("/epair0a/vnet")).then()
                .statusCode(200).body("vnet", equalTo(child)).body("homeVnet", equalTo(vnet));

        given().delete(path("/epair0b")).then().statusCode(204);

        given().get(path("")).then().body("name", equalTo(List.of("lo0")));
        given().get("/api/vnets/" + child + "/interfaces").then().body("name", not(hasItem("epair0a")));
        given().get(path("?tombstones=true")).then().body("find { it.name == 'epair0b' }.state", equalTo("TOMBSTONE"));
        int a = watcher.expect(IfnetDeparture.class, d -> d.name().equals("epair0a") && d.vnetId().equals(child)
                && d.fate() == IfnetDeparture.Fate.TOMBSTONE, WAIT).payload() instanceof IfnetDeparture d ? d.index() : -1;
        int b = ((IfnetDeparture) watcher.expect(IfnetDeparture.class, d -> d.name().equals("epair0b")
                && d.vnetId().equals(vnet) && d.fate() == IfnetDeparture.Fate.TOMBSTONE, WAIT).payload()).index();

        route(new IfnetDetached(child, a, "epair0a"));
        route(new IfnetDetached(vnet, b, "epair0b"));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("?tombstones=true")).then()
                .body("name", equalTo(List.of("lo0"))));
    }

    /**
     * Both halves of an epair destroyed at once from their two VNETs, round after round: one destroys the pair, the
     * other finds nothing (404), and neither waits for the other: their VNETs' locks are taken together, in the one
     * order every locker shares, so the database never has a deadlock to break (it would after a second, and count
     * it).
     */
    @Test
    void bothHalvesDestroyedAtOnceFromTheirTwoVnetsDestroyThePairOnceWithoutADeadlock() throws Exception {
        String child = childOf(vnet);
        long deadlocksBefore = deadlocks();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(2);
        for (int round = 0; round < 8; round++) {
            String a = create("{\"cloner\":\"epair\"}").extract().path("name");
            String b = a.substring(0, a.length() - 1) + "b";
            given().contentType(ContentType.JSON).body("{\"vnet\":\"" + child + "\"}").post(path("/" + b + "/vnet"))
                    .then().statusCode(200);

            java.util.concurrent.Future<Integer> here = clients.submit(() -> given().delete(path("/" + a)).statusCode());
            java.util.concurrent.Future<Integer> there = clients.submit(() -> given()
                    .delete("/api/vnets/" + child + "/interfaces/" + b).statusCode());

            assertThat(List.of(here.get(), there.get())).as("round %d", round).containsExactlyInAnyOrder(204, 404);
            given().get(path("/" + a)).then().statusCode(404);
            given().get("/api/vnets/" + child + "/interfaces/" + b).then().statusCode(404);
        }
        clients.shutdown();
        assertThat(deadlocks()).as("deadlocks the database broke").isEqualTo(deadlocksBefore);
    }

    private long deadlocks() throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.ResultSet row = connection.createStatement().executeQuery(
                     "select deadlocks from pg_stat_database where datname = current_database()")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void aLoanPurgesAddressesAndTheNameMustBeFreeInTheTarget() {
        create("{\"cloner\":\"epair\"}");
        address("epair0b", "10.0.0.2/24").statusCode(201).body("addresses", equalTo(List.of("10.0.0.2/24")))
                .body("flags", hasItem("UP"));
        IfaddrAdded added = (IfaddrAdded) watcher.expect(IfaddrAdded.class, e -> e.vnetId().equals(vnet), WAIT).payload();
        assertThat(added.address()).isEqualTo("10.0.0.2");
        assertThat(added.prefixLength()).isEqualTo(24);

        String other = childOf(vnet);

        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + other + "\"}").post(path("/epair0b/vnet")).then()
                .statusCode(200).body("vnet", equalTo(other)).body("addresses", empty())
                .body("flags", equalTo(List.of("BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST")));
        watcher.expect(IfnetDeparture.class, d -> d.vnetId().equals(vnet) && d.name().equals("epair0b")
                && d.fate() == IfnetDeparture.Fate.VMOVE, WAIT);
        watcher.expect(IfnetArrival.class, a -> a.vnetId().equals(other) && a.name().equals("epair0b"), WAIT);

        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + other + "\"}").post(path("/epair0b/reclaim")).then()
                .statusCode(200).body("vnet", equalTo(vnet));
        create("{\"cloner\":\"epair\",\"name\":\"epair5\"}");
        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + other + "\"}").post(path("/epair5b/vnet")).then()
                .statusCode(200);
        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + other + "\"}").post(path("/epair5b/reclaim")).then()
                .statusCode(200);
        given().delete(path("/epair5b/addresses/10.0.0.9")).then().statusCode(404);
    }

    /** ifconfig IF up and down: the flag alone, announced to nobody; refused once the VNET is frozen. */
    @Test
    void anInterfaceIsBroughtUpAndDownKeepingItsAddresses() {
        create("{\"cloner\":\"epair\"}").body("flags", equalTo(List.of("BROADCAST", "RUNNING", "SIMPLEX",
                "MULTICAST")));
        given().put(path("/epair0a/up")).then().statusCode(200).body("name", equalTo("epair0a"))
                .body("flags", equalTo(List.of("UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST")));
        given().get(path("/epair0b")).then().body("flags", equalTo(List.of("BROADCAST", "RUNNING", "SIMPLEX",
                "MULTICAST")));
        create("{\"cloner\":\"bridge\"}").body("flags", equalTo(List.of("BROADCAST", "SIMPLEX", "MULTICAST")));
        given().put(path("/bridge0/up")).then().statusCode(200)
                .body("flags", equalTo(List.of("UP", "BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST")));
        given().delete(path("/bridge0/up")).then().statusCode(200)
                .body("flags", equalTo(List.of("BROADCAST", "SIMPLEX", "MULTICAST")));
        address("epair0a", "10.0.0.1/24").statusCode(201);
        watcher.expect(IfaddrAdded.class, e -> e.vnetId().equals(vnet), WAIT);
        int announced = watcher.all(Message.class, m -> m.vnetId().equals(vnet)).size();

        given().delete(path("/epair0a/up")).then().statusCode(200)
                .body("flags", equalTo(List.of("BROADCAST", "RUNNING", "SIMPLEX", "MULTICAST")))
                .body("addresses", equalTo(List.of("10.0.0.1/24")));
        given().delete(path("/epair0a/up")).then().statusCode(200).body("flags", not(hasItem("UP")));
        given().put(path("/epair0a/up")).then().statusCode(200).body("flags", hasItem("UP"));
        given().put(path("/epair0a/up")).then().statusCode(200).body("flags", hasItem("UP"));
        given().get(path("/epair0a")).then().body("addresses", equalTo(List.of("10.0.0.1/24")));

        given().put(path("/epair9a/up")).then().statusCode(404).body("field", equalTo("name"));
        given().put("/api/vnets/vnet-unknown/interfaces/lo0/up").then().statusCode(404).body("field", equalTo("vnetId"));
        given().delete(path("/" + "x".repeat(16) + "/up")).then().statusCode(400).body("field", equalTo("name"));
        given().delete(path("/epair0a")).then().statusCode(204);
        given().put(path("/epair0a/up")).then().statusCode(404).body("field", equalTo("name"));
        // what a VNET's writes announce arrives in their order: once the destruction is heard, up and down would be too
        watcher.expect(IfnetDeparture.class, d -> d.vnetId().equals(vnet), WAIT);
        List<Message> since = watcher.all(Message.class, m -> m.vnetId().equals(vnet));
        assertThat(since.subList(announced, since.size())).as("up and down announce nothing")
                .allMatch(m -> m instanceof IfnetDeparture || m instanceof IfaddrRemoved, "the destruction's");

        sagaStep(Topics.IFNET_COMMANDS, UUID.randomUUID(), new SagaCommand(vnet, SagaStep.FREEZE, 1));
        given().delete(path("/lo0/up")).then().statusCode(409).body("field", equalTo("vnetId"))
                .body("detail", equalTo(vnet + " is SHUTTING_DOWN, not ALIVE"));
        given().get(path("/lo0")).then().body("flags", hasItem("UP"));
    }

    @Test
    void anAddressCanBeRemoved() {
        create("{\"cloner\":\"epair\"}");
        address("epair0a", "2001:db8::2/64").statusCode(201).body("addresses", equalTo(List.of("2001:db8::2/64")));

        given().delete(path("/epair0a/addresses/2001:db8::2")).then().statusCode(204);

        IfaddrRemoved removed = (IfaddrRemoved) watcher.expect(IfaddrRemoved.class, e -> e.vnetId().equals(vnet), WAIT)
                .payload();
        assertThat(removed.family()).isEqualTo("INET6");
        given().get(path("/epair0a")).then().body("addresses", empty());
    }

    /**
     * The first address of a network holds its prefix route ({@code IFA_ROUTE}); a removal says whether the address
     * held it, and which address of the network, first added first, takes it over ({@code in_scrubprefix}).
     */
    @Test
    void aRemovalSaysWhetherTheAddressHeldItsNetworksPrefixRouteAndWhoTakesItOver() {
        create("{\"cloner\":\"epair\"}");
        int b = given().get(path("/epair0b")).then().extract().path("index");
        address("epair0a", "10.0.0.2/24").statusCode(201);
        address("epair0a", "10.0.0.3/24").statusCode(201);
        address("epair0b", "10.0.0.4/24").statusCode(201);
        address("epair0b", "10.0.0.5/16").statusCode(201);

        given().delete(path("/epair0a/addresses/10.0.0.3")).then().statusCode(204);
        IfaddrRemoved sharer = removal("10.0.0.3");
        assertThat(sharer.prefixRoute()).isFalse();
        assertThat(sharer.heir()).isNull();

        given().delete(path("/epair0a/addresses/10.0.0.2")).then().statusCode(204);
        IfaddrRemoved holder = removal("10.0.0.2");
        assertThat(holder.prefixRoute()).isTrue();
        assertThat(holder.heir()).isEqualTo(new PrefixRouteHeir(b, "epair0b", "10.0.0.4", 24));

        given().delete(path("/epair0b/addresses/10.0.0.4")).then().statusCode(204);
        IfaddrRemoved last = removal("10.0.0.4");
        assertThat(last.prefixRoute()).isTrue();
        assertThat(last.heir()).as("10.0.0.5/16 is on another network").isNull();

        address("epair0a", "10.1.0.2/24").statusCode(201);
        address("epair0a", "10.1.0.3/24").statusCode(201);
        address("epair0b", "10.1.0.4/24").statusCode(201);
        address("epair0a", "10.2.0.2/24").statusCode(201);
        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + childOf(vnet) + "\"}").post(path("/epair0a/vnet"))
                .then().statusCode(200);
        IfnetDeparture departure = (IfnetDeparture) watcher.expect(IfnetDeparture.class, d -> d.vnetId().equals(vnet)
                && d.name().equals("epair0a"), WAIT).payload();
        assertThat(departure.heirs()).as("10.2.0.0/24 has no other address")
                .containsExactly(new PrefixRouteHeir(b, "epair0b", "10.1.0.4", 24));
    }

    /**
     * An address the interface has already is set again as the kernel does: an IPv4 one is removed, its prefix route
     * passing to its heir, and added with the prefix length given ({@code in_aifaddr_ioctl}), announced in that
     * order; an IPv6 one given again with its prefix length changes nothing and announces nothing, with another it
     * is refused ({@code in6_update_ifa}).
     */
    @Test
    void anAddressSetAgainIsReplacedOrKeptAsTheKernelDoes() {
        create("{\"cloner\":\"epair\"}");
        int a = given().get(path("/epair0a")).then().extract().path("index");
        address("epair0a", "10.0.0.2/24").statusCode(201);
        address("epair0a", "10.0.0.3/24").statusCode(201);

        address("epair0a", "10.0.0.2/16").statusCode(201)
                .body("addresses", equalTo(List.of("10.0.0.3/24", "10.0.0.2/16")));
        IfaddrRemoved replaced = removal("10.0.0.2");
        assertThat(replaced.prefixLength()).isEqualTo(24);
        assertThat(replaced.prefixRoute()).isTrue();
        assertThat(replaced.heir()).isEqualTo(new PrefixRouteHeir(a, "epair0a", "10.0.0.3", 24));
        watcher.expect(IfaddrAdded.class, e -> e.vnetId().equals(vnet) && e.address().equals("10.0.0.2")
                && e.prefixLength() == 16, WAIT);
        assertThat(watcher.seen().stream().map(Envelope::payload).filter(m -> m instanceof IfaddrAdded added
                        && added.vnetId().equals(vnet) && added.address().equals("10.0.0.2")
                        || m instanceof IfaddrRemoved removed && removed.vnetId().equals(vnet))
                .map(m -> m.getClass().getSimpleName() + (m instanceof IfaddrAdded added ? "/" + added.prefixLength()
                        : ""))).as("removed before it is added again")
                .containsExactly("IfaddrAdded/24", "IfaddrRemoved", "IfaddrAdded/16");

        address("epair0b", "2001:db8::2/64").statusCode(201);
        address("epair0b", "2001:db8::2/64").statusCode(200).body("addresses", equalTo(List.of("2001:db8::2/64")));
        address("epair0b", "2001:db8::2/56").statusCode(400).body("field", equalTo("address"))
                .body("detail", containsString("/64"));
        address("epair0b", "2001:db8::3/64").statusCode(201)
                .body("addresses", equalTo(List.of("2001:db8::2/64", "2001:db8::3/64")));
        watcher.expect(IfaddrAdded.class, e -> e.vnetId().equals(vnet) && e.address().equals("2001:db8::3"), WAIT);
        assertThat(watcher.all(IfaddrAdded.class, e -> e.vnetId().equals(vnet) && e.address().equals("2001:db8::2")))
                .as("announced once").hasSize(1);
        assertThat(watcher.all(IfaddrRemoved.class, e -> e.vnetId().equals(vnet) && e.family().equals("INET6")))
                .isEmpty();
    }

    /**
     * A link-local address is on its interface's own link ({@code in6_setscope}): the same one on two interfaces is
     * two addresses on two networks, neither the other's heir; it is shown, removed and announced with its link. A
     * zone that names another interface, a zone on a global address, one outside fe80::/64 and a prefix shorter than
     * its link's are refused.
     */
    @Test
    void aLinkLocalAddressIsOnItsInterfacesOwnLink() {
        create("{\"cloner\":\"epair\"}");
        int a = given().get(path("/epair0a")).then().extract().path("index");
        int b = given().get(path("/epair0b")).then().extract().path("index");
        address("epair0a", "fe80::2/64").statusCode(201).body("addresses", equalTo(List.of("fe80::2%epair0a/64")));
        address("epair0b", "fe80::2%epair0b/64").statusCode(201)
                .body("addresses", equalTo(List.of("fe80::2%epair0b/64")));
        address("epair0a", "fe80::3%epair0a/64").statusCode(201)
                .body("addresses", equalTo(List.of("fe80::2%epair0a/64", "fe80::3%epair0a/64")));
        IfaddrAdded added = (IfaddrAdded) watcher.expect(IfaddrAdded.class, e -> e.vnetId().equals(vnet)
                && e.ifName().equals("epair0b"), WAIT).payload();
        assertThat(added.address()).as("as the kernel keeps it: the link's index embedded")
                .isEqualTo(LinkScope.embed(IpAddress.parse("fe80::2"), b).toString());

        address("epair0a", "fe80::2/64").statusCode(200);
        address("epair0a", "fe80::2/80").statusCode(400).body("detail", containsString("fe80::2%epair0a is on epair0a"
                + " with /64"));
        address("epair0a", "fe80::4%epair0b/64").statusCode(400).body("field", equalTo("address"))
                .body("detail", containsString("names the link of epair0b, not of epair0a"));
        address("epair0a", "2001:db8::2%epair0a/64").statusCode(400).body("detail", containsString("has a zone"));
        address("epair0a", "fe80:1::2/64").statusCode(400).body("detail", containsString("not in fe80::/64"));
        address("epair0a", "fe80::5/10").statusCode(400).body("detail", containsString("64 or more"));
        address("epair0a", "fe80::5%Epair0a/64").statusCode(400).body("detail", containsString("not an interface name"));

        given().pathParam("address", "fe80::2%epair0a").delete(path("/epair0a/addresses/{address}")).then()
                .statusCode(204);
        IfaddrRemoved holder = removal(LinkScope.embed(IpAddress.parse("fe80::2"), a).toString());
        assertThat(holder.heir()).as("the next address of epair0a's link, not epair0b's")
                .isEqualTo(new PrefixRouteHeir(a, "epair0a", LinkScope.embed(IpAddress.parse("fe80::3"), a).toString(),
                        64));
        given().delete(path("/epair0b/addresses/fe80::2")).then().statusCode(204);
        assertThat(removal(LinkScope.embed(IpAddress.parse("fe80::2"), b).toString()).heir()).isNull();
        given().delete(path("/epair0b/addresses/fe80::2")).then().statusCode(404)
                .body("detail", containsString("epair0b has no address fe80::2%epair0b"));
        given().get(path("/epair0a")).then().body("addresses", equalTo(List.of("fe80::3%epair0a/64")));

        address("epair0a", "2001:db8::2/64").statusCode(201);
        int gif = create("{\"cloner\":\"gif\"}").extract().path("index");
        given().contentType(ContentType.JSON).body("{\"source\":\"2001:db8::2\",\"destination\":\"2001:db8:9::1\"}")
                .put(path("/gif0/tunnel")).then().statusCode(200);
        TunnelResolve ask = (TunnelResolve) watcher.expect(TunnelResolve.class, t -> t.ifIndex() == gif, WAIT).payload();
        route(new TunnelRouteResolved(vnet, gif, ask.generation(), true, 18L, "epair0a",
                LinkScope.embed(IpAddress.parse("fe80::1"), a).toString()));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/gif0")).then()
                .body("tunnel.cache.gateway", equalTo("fe80::1%epair0a")));
    }

    private IfaddrRemoved removal(String address) {
        return (IfaddrRemoved) watcher.expect(IfaddrRemoved.class, e -> e.vnetId().equals(vnet)
                && e.address().equals(address), WAIT).payload();
    }

    @Test
    void aTunnelAsksRoutingAndShowsTheCachedNexthop() {
        create("{\"cloner\":\"epair\"}");
        address("epair0b", "10.0.0.2/24").statusCode(201);
        int index = create("{\"cloner\":\"gif\"}").extract().path("index");
        given().contentType(ContentType.JSON).body("{\"source\":\"10.0.0.2\",\"destination\":\"198.51.100.1\",\"fib\":0}")
                .put(path("/gif0/tunnel")).then().statusCode(200).body("tunnel.destination", equalTo("198.51.100.1"))
                .body("flags", not(hasItem("RUNNING")));
        TunnelResolve ask = (TunnelResolve) watcher.expect(TunnelResolve.class, t -> t.ifIndex() == index, WAIT).payload();
        assertThat(ask.family()).isEqualTo("INET");

        route(new TunnelRouteResolved(vnet, index, ask.generation(), true, 17L, "epair0b", "10.0.0.1"));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/gif0")).then()
                .body("tunnel.cache.nhopId", equalTo(17)).body("tunnel.cache.gateway", equalTo("10.0.0.1"))
                .body("tunnel.subscribed", equalTo(true)).body("flags", hasItem("RUNNING")));
        given().delete(path("/epair0b/addresses/10.0.0.2")).then().statusCode(204);
        given().get(path("/gif0")).then().body("tunnel.cache.nhopId", equalTo(17))
                .body("flags", not(hasItem("RUNNING")));
        address("epair0b", "10.0.0.2/24").statusCode(201);
        given().get(path("/gif0")).then().body("flags", hasItem("RUNNING"));
        given().contentType(ContentType.JSON).body("{\"vnet\":\"" + childOf(vnet) + "\"}").post(path("/epair0b/vnet"))
                .then().statusCode(200);
        given().get(path("/gif0")).then().body("flags", not(hasItem("RUNNING")));

        route(new RibChanged(vnet, 0, IpFamily.INET, "198.51.100.0/24", RibChanged.Change.ADD, List.of(index)));
        await().atMost(WAIT).until(() -> watcher.all(TunnelResolve.class, t -> t.ifIndex() == index).size() == 2);

        route(new TunnelRouteResolved(vnet, index, ask.generation(), true, null, null, null));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/gif0")).then()
                .body("tunnel.cache", org.hamcrest.Matchers.nullValue()).body("flags", not(hasItem("RUNNING"))));

        given().delete(path("/gif0/tunnel")).then().statusCode(204);
        watcher.expect(TunnelRelease.class, t -> t.ifIndex() == index, WAIT);
        given().get(path("/gif0")).then().body("tunnel", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void aDestroyedInterfaceStillReferencedIsATombstoneUntilItsLastReferenceGoes() {
        int index = create("{\"cloner\":\"epair\"}").extract().path("index");
        route(new NhopCreated(vnet, 41, index, "epair0a", null));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/epair0a")).then().body("refcount", equalTo(1))
                .body("holders", equalTo(List.of("nhop:" + vnet + "/41"))));

        given().delete(path("/epair0a")).then().statusCode(204);
        route(new IfnetDetached(vnet, index, "epair0a"));
        route(new IfnetDetached(vnet, index + 1, "epair0b"));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("?tombstones=true")).then()
                .body("name", equalTo(List.of("lo0", "epair0a"))).body("[1].state", equalTo("TOMBSTONE")));
        given().get("/api/audit").then().body("heldBy.holder", hasItem("nhop:" + vnet + "/41"));

        route(new NhopFreed(vnet, 41, index));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("?tombstones=true")).then()
                .body("name", equalTo(List.of("lo0"))));
        given().get("/api/audit").then().body("violations", empty());
    }

    /**
     * An interface many gateways lead through is held by as many nexthops: its answer counts them all and names the
     * first eight, oldest first; its holders list pages through every one.
     */
    @Test
    void anInterfaceNamesItsFirstHoldersAndListsThemAllAPageAtATime() {
        int index = create("{\"cloner\":\"epair\"}").extract().path("index");
        List<String> holders = new ArrayList<>();
        for (int id = 61; id <= 71; id++) {
            route(new NhopCreated(vnet, id, index, "epair0a", "10.0.0." + id));
            holders.add("nhop:" + vnet + "/" + id);
        }
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/epair0a")).then().body("refcount", equalTo(11)));
        given().get(path("/epair0a")).then().body("holders", equalTo(holders.subList(0, 8)))
                .body("holdersComplete", equalTo(false));
        given().get(path("")).then().body("find { it.name == 'epair0a' }.holders", equalTo(holders.subList(0, 8)))
                .body("find { it.name == 'epair0b' }.refcount", equalTo(0))
                .body("find { it.name == 'epair0b' }.holders", empty())
                .body("find { it.name == 'epair0b' }.holdersComplete", equalTo(true));

        List<String> paged = new ArrayList<>();
        int pages = 0;
        for (String next = path("/epair0a/holders?limit=4"); next != null; pages++) {
            ExtractableResponse<Response> page = given().urlEncodingEnabled(false).get(next).then().statusCode(200)
                    .body("takenAt", everyItem(notNullValue())).extract();
            paged.addAll(page.path("holder"));
            Matcher link = Pattern.compile("<([^>]*)>; rel=\"next\"").matcher(String.valueOf(page.header("Link")));
            next = link.find() ? link.group(1) : null;
        }
        assertThat(paged).isEqualTo(holders);
        assertThat(pages).isEqualTo(3);
        given().get(path("/epair0b/holders")).then().statusCode(200).body("", empty());
        given().get(path("/epair9a/holders")).then().statusCode(404).body("field", equalTo("name"));
        given().get(path("/epair0a/holders?cursor=x")).then().statusCode(400).body("field", equalTo("cursor"));
        given().get(path("/epair0a/holders?limit=0")).then().statusCode(400).body("field", equalTo("limit"));

        for (int id = 61; id <= 71; id++) {
            route(new NhopFreed(vnet, id, index));
        }
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/epair0a")).then().body("refcount", equalTo(0))
                .body("holders", empty()).body("holdersComplete", equalTo(true)));
    }

    /**
     * A nexthop's release that overtakes its announcement is remembered, and the announcement then takes nothing;
     * an announcement for an interface that no longer exists is a fault, recorded, not a reference.
     */
    @Test
    void aReleaseBeforeItsAnnouncementTakesNothingAndAMissingInterfaceIsAFault() {
        int index = create("{\"cloner\":\"epair\"}").extract().path("index");
        route(new NhopFreed(vnet, 51, index));
        route(new NhopCreated(vnet, 51, index, "epair0a", null));
        route(new NhopCreated(vnet, 52, index, "epair0a", null));
        await().atMost(WAIT).untilAsserted(() -> given().get(path("/epair0a")).then().body("refcount", equalTo(1))
                .body("holders", equalTo(List.of("nhop:" + vnet + "/52"))));

        route(new NhopCreated(vnet, 53, 999_999, "epair9a", null));
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/audit").then()
                .body("faults", hasItem(containsString("nhop:" + vnet + "/53 took a reference on interface 999999"))));
        given().get("/api/audit").then().body("heldBy.holder", not(hasItem("nhop:" + vnet + "/51")))
                .body("heldBy.holder", not(hasItem("nhop:" + vnet + "/53")));
    }

    private ValidatableResponse create(String json) {
        return given().contentType(ContentType.JSON).body(json).post(path("")).then().statusCode(201);
    }

    private ValidatableResponse address(String name, String address) {
        return given().contentType(ContentType.JSON).body("{\"address\":\"" + address + "\"}")
                .post(path("/" + name + "/addresses")).then();
    }

    private String path(String rest) {
        return "/api/vnets/" + vnet + "/interfaces" + rest;
    }

    private void route(Message message) {
        KafkaProbe.produce(bootstrap, Topics.ROUTE_EVENTS, Envelope.of(message));
    }
}

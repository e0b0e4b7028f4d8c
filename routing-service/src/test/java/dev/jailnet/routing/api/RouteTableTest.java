package dev.jailnet.routing.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.in;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.PrefixRouteHeir;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.route.IfnetDetached;
import dev.jailnet.events.route.NewAddrMsg;
import dev.jailnet.events.route.NhopCreated;
import dev.jailnet.events.route.NhopFreed;
import dev.jailnet.events.route.RibChanged;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.routing.store.RouteRepository;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TableStatistics;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes, nexthops, lookups and tunnel caches; the test plays ifnet-service and vnet-service over Kafka. */
@QuarkusTest
@ServiceTest
class RouteTableTest extends TopicWatchingTest {

    private static final AtomicInteger INDEXES = new AtomicInteger(1000);

    @Inject
    AgroalDataSource dataSource;

    @Inject
    RouteRepository routes;

    private String vnet;
    private int lo0;
    private int epair;

    RouteTableTest() {
        super(Topics.ROUTE_EVENTS, Topics.SAGA_REPLIES);
    }

    @BeforeEach
    void aVnetWithAnAddressedEpair() {
        vnet = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        lo0 = INDEXES.incrementAndGet();
        epair = INDEXES.incrementAndGet();
        sagaStep(Topics.ROUTING_COMMANDS, UUID.randomUUID(), new SagaCommand(vnet, SagaStep.RTABLES_INIT, 1));
        send(new IfnetArrival(vnet, "lo0", lo0, "LOOP", vnet));
        send(new IfnetArrival(vnet, "epair0b", epair, "EPAIR", "vnet0"));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET", "10.0.0.2", 24));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + vnet + "/routes").then().body("", hasSize(2)));
    }

    @Test
    void anAddressBringsItsConnectedRouteAndALocalRouteThroughLo0() {
        api().get("/api/vnets/" + vnet + "/routes?fib=0&family=inet").then().statusCode(200)
                .body("destination", equalTo(List.of("10.0.0.0/24", "10.0.0.2/32")))
                .body("flags", equalTo(List.of("UC", "UHS")))
                .body("interface", equalTo(List.of("epair0b", "lo0")))
                .body("gateway", equalTo(List.of("link#" + epair, "link#" + lo0)));
        assertThat(watcher.all(NhopCreated.class, n -> n.vnetId().equals(vnet))).extracting(NhopCreated::ifName)
                .containsExactlyInAnyOrder("epair0b", "lo0");

        send(new IfaddrRemoved(vnet, "epair0b", epair, "INET", "10.0.0.2", 24, true, null));

        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + vnet + "/routes").then().body("", empty()));
        await().atMost(WAIT).until(() -> watcher.all(NhopFreed.class, n -> n.vnetId().equals(vnet)).size() == 2);
        api().get("/api/vnets/" + vnet + "/nexthops").then().body("", empty());
    }

    /**
     * An address that shares its network's prefix route takes only its local route away. The one that holds it hands
     * it over to the next address of the network ({@code in_scrubprefix}) and, being IPv4, takes every route through
     * it along ({@code in_ifadown}), save those whose gateway a longer connected prefix holds; an IPv6 address leaves
     * the static routes through it ({@code in6_purgeaddr}).
     */
    @Test
    void anAddressTakesItsPrefixRouteOnlyIfItHeldItAndAnIpv4OneTheRoutesThroughIt() {
        int epair1 = INDEXES.incrementAndGet();
        send(new IfnetArrival(vnet, "epair1b", epair1, "EPAIR", "vnet0"));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET", "10.0.0.3", 24));
        send(new IfaddrAdded(vnet, "epair1b", epair1, "INET", "10.0.0.4", 24));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET", "10.0.0.130", 25));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET6", "2001:db8::2", 64));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).containsExactlyInAnyOrder("10.0.0.0/24",
                "10.0.0.2/32", "10.0.0.3/32", "10.0.0.4/32", "10.0.0.128/25", "10.0.0.130/32", "2001:db8::/64",
                "2001:db8::2/128"));
        int throughIt = addRoute("{\"destination\":\"192.0.2.0/24\",\"gateway\":\"10.0.0.1\"}").extract().path("nhopId");
        addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}");
        addRoute("{\"destination\":\"198.51.100.0/24\",\"gateway\":\"10.0.0.129\"}");
        addRoute("{\"destination\":\"2001:db8:1::/48\",\"gateway\":\"2001:db8::1\"}");

        send(new IfaddrRemoved(vnet, "epair0b", epair, "INET", "10.0.0.3", 24, false, null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).doesNotContain("10.0.0.3/32"));
        assertThat(destinations()).contains("10.0.0.0/24", "192.0.2.0/24", "default");

        send(new IfaddrRemoved(vnet, "epair0b", epair, "INET", "10.0.0.2", 24, true,
                new PrefixRouteHeir(epair1, "epair1b", "10.0.0.4", 24)));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).containsExactlyInAnyOrder("10.0.0.0/24",
                "10.0.0.4/32", "10.0.0.128/25", "10.0.0.130/32", "198.51.100.0/24", "2001:db8::/64",
                "2001:db8::2/128", "2001:db8:1::/48"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.0.0.7").then().body("destination", equalTo("10.0.0.0/24"))
                .body("interface", equalTo("epair1b")).body("flags", equalTo("UC"));
        await().atMost(WAIT).until(() -> !watcher.all(NhopFreed.class, n -> n.nhopId() == throughIt).isEmpty());

        send(new IfaddrRemoved(vnet, "epair0b", epair, "INET6", "2001:db8::2", 64, true, null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).doesNotContain("2001:db8::/64",
                "2001:db8::2/128"));
        assertThat(destinations()).contains("2001:db8:1::/48", "198.51.100.0/24");
    }

    /** An interface that leaves with the address holding a network's prefix route hands the route to its heir. */
    @Test
    void anInterfaceThatLeavesHandsThePrefixRoutesItHeldToTheirHeirs() {
        int epair1 = INDEXES.incrementAndGet();
        send(new IfnetArrival(vnet, "epair1b", epair1, "EPAIR", "vnet0"));
        send(new IfaddrAdded(vnet, "epair1b", epair1, "INET", "10.0.0.4", 24));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).containsExactlyInAnyOrder("10.0.0.0/24",
                "10.0.0.2/32", "10.0.0.4/32"));

        send(new IfnetDeparture(vnet, "epair0b", epair, IfnetDeparture.Fate.VMOVE,
                List.of(new PrefixRouteHeir(epair1, "epair1b", "10.0.0.4", 24))));

        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).containsExactlyInAnyOrder("10.0.0.0/24",
                "10.0.0.4/32"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.0.0.9").then().body("interface", equalTo("epair1b"))
                .body("flags", equalTo("UC"));
    }

    /**
     * An address's routes are pinned ({@code RTF_PINNED}): {@code route delete} refuses them (EADDRINUSE), and an
     * address's network or host route takes the place of a static route to the same prefix.
     */
    @Test
    void anAddresssRoutesArePinnedRouteDeleteRefusesThemAndTheyTakeAStaticRoutesPlace() {
        api().delete("/api/vnets/" + vnet + "/routes?destination=10.0.0.0/24").then().statusCode(409)
                .body("field", equalTo("destination")).body("detail", containsString("EADDRINUSE"));
        api().delete("/api/vnets/" + vnet + "/routes?destination=10.0.0.2").then().statusCode(409)
                .body("field", equalTo("destination"));
        int viaGateway = addRoute("{\"destination\":\"10.5.0.0/24\",\"gateway\":\"10.0.0.1\"}").extract().path("nhopId");
        addRoute("{\"destination\":\"10.6.0.7\",\"gateway\":\"10.0.0.1\"}");

        send(new IfaddrAdded(vnet, "epair0b", epair, "INET", "10.5.0.2", 24));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET", "10.6.0.7", 24));

        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + vnet + "/routes?limit=100").then()
                .body("destination", equalTo(List.of("10.0.0.0/24", "10.0.0.2/32", "10.5.0.0/24", "10.5.0.2/32",
                        "10.6.0.0/24", "10.6.0.7/32")))
                .body("flags", equalTo(List.of("UC", "UHS", "UC", "UHS", "UC", "UHS"))));
        await().atMost(WAIT).until(() -> !watcher.all(NhopFreed.class, n -> n.nhopId() == viaGateway).isEmpty());
        api().get("/api/vnets/" + vnet + "/routes?limit=100").then().body("findAll { it.flags == 'UHS' }.interface",
                everyItem(equalTo("lo0")));
    }

    /** A gateway that is the VNET's own address is on its network's interface, as {@code ifa_ifwithnet} finds it. */
    @Test
    void aGatewayThatIsTheVnetsOwnAddressLeavesByItsNetworksInterfaceNotLo0() {
        addRoute("{\"destination\":\"192.0.2.0/24\",\"gateway\":\"10.0.0.2\"}").body("interface", equalTo("epair0b"))
                .body("flags", equalTo("UGS"));
        given().contentType(ContentType.JSON).body("{\"routes\":[{\"destination\":\"198.51.100.0/24\",\"gateway\":\"10.0.0.2\"}]}")
                .post("/api/vnets/" + vnet + "/routes/bulk").then().statusCode(200).body("added", equalTo(1));
        api().get("/api/vnets/" + vnet + "/lookup?destination=198.51.100.9").then().body("interface", equalTo("epair0b"));
    }

    /**
     * A link-local address is on its own link ({@code in6_setscope}): fe80::/64 on two interfaces is two networks,
     * shown with their links; a gateway on one names its link, after '%' or by {@code -interface}, and leaves by it.
     * One written without a link is refused (EINVAL), as are an unknown link, two links that disagree and a zone on
     * a global address; the address's routes go with it, on its link only.
     */
    @Test
    void aLinkLocalNetworkIsItsLinksOwnAndAGatewayOnItNamesTheLink() {
        int epair1 = INDEXES.incrementAndGet();
        send(new IfnetArrival(vnet, "epair1b", epair1, "EPAIR", "vnet0"));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET6", onLink("fe80::2", epair), 64));
        send(new IfaddrAdded(vnet, "epair1b", epair1, "INET6", onLink("fe80::2", epair1), 64));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).containsExactlyInAnyOrder("10.0.0.0/24",
                "10.0.0.2/32", "fe80::%epair0b/64", "fe80::2%epair0b/128", "fe80::%epair1b/64",
                "fe80::2%epair1b/128"));
        api().get("/api/vnets/" + vnet + "/routes?family=inet6").then()
                .body("interface", equalTo(List.of("epair0b", "lo0", "epair1b", "lo0")))
                .body("flags", equalTo(List.of("UC", "UHS", "UC", "UHS")));

        addRoute("{\"destination\":\"::/0\",\"gateway\":\"fe80::1%epair1b\"}").body("destination", equalTo("default"))
                .body("gateway", equalTo("fe80::1%epair1b")).body("interface", equalTo("epair1b"))
                .body("flags", equalTo("UGS"));
        int viaEpair0 = addRoute("{\"destination\":\"2001:db8:5::/48\",\"gateway\":\"fe80::1\","
                + "\"interface\":\"epair0b\"}").body("gateway", equalTo("fe80::1%epair0b"))
                .body("interface", equalTo("epair0b")).extract().path("nhopId");
        given().contentType(ContentType.JSON).body("{\"routes\":[{\"destination\":\"2001:db8:6::/48\","
                + "\"gateway\":\"fe80::1%epair0b\"}]}").post("/api/vnets/" + vnet + "/routes/bulk").then()
                .statusCode(200).body("added", equalTo(1));
        api().queryParam("destination", "2001:db8:6::9").get("/api/vnets/" + vnet + "/lookup").then()
                .body("nhopId", equalTo(viaEpair0));
        api().queryParam("destination", "fe80::7%epair1b").get("/api/vnets/" + vnet + "/lookup").then()
                .statusCode(200).body("destination", equalTo("fe80::%epair1b/64")).body("interface", equalTo("epair1b"));
        api().queryParam("destination", "fe80::2%epair0b").get("/api/vnets/" + vnet + "/lookup").then()
                .body("destination", equalTo("fe80::2%epair0b/128")).body("interface", equalTo("lo0"));
        api().get("/api/vnets/" + vnet + "/nexthops").then().body("gateway", hasItem("fe80::1%epair0b"))
                .body("holders.flatten().destination", hasItem("fe80::2%epair1b/128"));

        refused("{\"destination\":\"2001:db8:7::/48\",\"gateway\":\"fe80::1\"}", "gateway", "is link-local");
        refused("{\"destination\":\"2001:db8:7::/48\",\"gateway\":\"fe80::1%epair7b\"}", "gateway",
                "no interface epair7b");
        refused("{\"destination\":\"2001:db8:7::/48\",\"gateway\":\"fe80::1%epair0b\",\"interface\":\"epair1b\"}",
                "interface", "is on the link of epair0b");
        refused("{\"destination\":\"2001:db8:7::/48\",\"gateway\":\"2001:db8::1%epair0b\"}", "gateway",
                "has a zone");
        refused("{\"destination\":\"fe80::/10\",\"interface\":\"epair0b\"}", "destination", "64 bits or longer");
        api().queryParam("destination", "fe80::2").get("/api/vnets/" + vnet + "/lookup").then().statusCode(400)
                .body("field", equalTo("destination"));
        api().queryParam("destination", "fe80::%epair0b/64").delete("/api/vnets/" + vnet + "/routes").then()
                .statusCode(409).body("detail", containsString("fe80::%epair0b/64"));

        send(new IfaddrRemoved(vnet, "epair0b", epair, "INET6", onLink("fe80::2", epair), 64, true, null));
        await().atMost(WAIT).untilAsserted(() -> assertThat(destinations()).containsExactlyInAnyOrder("10.0.0.0/24",
                "10.0.0.2/32", "fe80::%epair1b/64", "fe80::2%epair1b/128", "default", "2001:db8:5::/48",
                "2001:db8:6::/48"));
    }

    private static String onLink(String linkLocal, int ifIndex) {
        return LinkScope.embed(IpAddress.parse(linkLocal), ifIndex).toString();
    }

    private void refused(String json, String field, String detail) {
        api().contentType(ContentType.JSON).body(json).post("/api/vnets/" + vnet + "/routes").then().statusCode(400)
                .body("field", equalTo(field)).body("detail", containsString(detail));
    }

    private List<String> destinations() {
        return api().get("/api/vnets/" + vnet + "/routes?limit=100").then().statusCode(200).extract().path("destination");
    }

    /**
     * An address on lo0 itself, in a VNET with no nexthop yet: its connected and its local route leave by lo0, so
     * they share one nexthop, made once. The same address announced again adds nothing.
     */
    @Test
    void anAddressOnLo0SharesOneNexthopAndItsRepeatAddsNothing() {
        String other = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        int otherLo0 = INDEXES.incrementAndGet();
        sagaStep(Topics.ROUTING_COMMANDS, UUID.randomUUID(), new SagaCommand(other, SagaStep.RTABLES_INIT, 1));
        send(new IfnetArrival(other, "lo0", otherLo0, "LOOP", other));
        send(new IfaddrAdded(other, "lo0", otherLo0, "INET", "127.0.0.1", 8));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + other + "/routes").then()
                .body("destination", equalTo(List.of("127.0.0.0/8", "127.0.0.1/32"))));
        send(new IfaddrAdded(other, "lo0", otherLo0, "INET", "127.0.0.1", 8));
        await().atMost(WAIT).until(() -> watcher.all(NewAddrMsg.class, m -> m.vnetId().equals(other)).size() == 2);

        api().get("/api/vnets/" + other + "/routes").then()
                .body("destination", equalTo(List.of("127.0.0.0/8", "127.0.0.1/32")))
                .body("interface", equalTo(List.of("lo0", "lo0")));
        assertThat(watcher.all(NhopCreated.class, n -> n.vnetId().equals(other))).extracting(NhopCreated::ifName)
                .containsExactly("lo0");
        api().get("/api/vnets/" + other + "/nexthops").then().body("", hasSize(1));
    }

    @Test
    void routesAreListedPageAfterPageInNetstatOrderFollowingTheNextLinks() {
        for (String destination : List.of("192.0.2.0/24", "10.9.0.0/16", "203.0.113.7", "default", "10.8.1.0/24")) {
            addRoute("{\"destination\":\"" + destination + "\",\"gateway\":\"10.0.0.1\"}");
        }
        for (String destination : List.of("2001:db8:2::/48", "::/0", "2001:db8:1::/48")) {
            addRoute("{\"destination\":\"" + destination + "\",\"interface\":\"epair0b\"}");
        }
        List<String> all = api().get("/api/vnets/" + vnet + "/routes").then()
                .body("family", equalTo(List.of("INET", "INET", "INET", "INET", "INET", "INET", "INET", "INET6",
                        "INET6", "INET6")))
                .extract().path("destination");
        assertThat(all.subList(0, 7)).isEqualTo(List.of("default", "10.0.0.0/24", "10.0.0.2/32", "10.8.1.0/24",
                "10.9.0.0/16", "192.0.2.0/24", "203.0.113.7/32"));
        List<String> paged = new java.util.ArrayList<>();
        String next = "/api/vnets/" + vnet + "/routes?limit=1"; // every route ends a page, the default one too
        while (next != null) {
            ExtractableResponse<Response> page = api()
                    .urlEncodingEnabled(false).get(next).then().statusCode(200).extract();
            paged.addAll(page.path("destination"));
            next = nextLink(page);
        }
        assertThat(paged).isEqualTo(all);
        api().get("/api/vnets/" + vnet + "/routes?cursor=0/INET/not-a-prefix").then().statusCode(400)
                .body("field", equalTo("cursor"));
    }

    @Test
    void theAuditIsAnsweredWholeVnetsAPageAndThePagesMakeTheWholeLedger() {
        String other = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        sagaStep(Topics.ROUTING_COMMANDS, UUID.randomUUID(), new SagaCommand(other, SagaStep.RTABLES_INIT, 1));
        addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}");

        List<String> whole = api().get("/api/audit?limit=1000").then().statusCode(200).header("Link", (String) null)
                .extract().path("objects");
        List<String> paged = new java.util.ArrayList<>();
        String next = "/api/audit?limit=1";
        int pages = 0;
        while (next != null) {
            ExtractableResponse<Response> page = api()
                    .urlEncodingEnabled(false).get(next).then().statusCode(200).extract();
            List<String> objects = page.path("objects");
            assertThat(objects.stream().map(o -> o.substring(o.indexOf(':') + 1, o.indexOf('/'))).distinct())
                    .as("the VNETs of one page").hasSizeLessThanOrEqualTo(1);
            paged.addAll(objects);
            next = nextLink(page);
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(2);
        assertThat(paged).containsExactlyInAnyOrderElementsOf(whole)
                .contains("rib:" + vnet + "/0/INET", "rib:" + other + "/0/INET");
        api().get("/api/audit?limit=0").then().statusCode(400).body("field", equalTo("limit"));
        api().get("/api/audit?limit=1001").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void staticRoutesThroughOneGatewayShareOneNexthop() {
        String nhop = addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}")
                .body("flags", equalTo("UGS")).body("destination", equalTo("default"))
                .body("interface", equalTo("epair0b")).extract().path("nhopId").toString();
        for (int i = 0; i < 10; i++) {
            addRoute("{\"destination\":\"10.1." + i + ".0/24\",\"gateway\":\"10.0.0.1\",\"fib\":0}")
                    .body("nhopId", equalTo(Integer.parseInt(nhop))).body("flags", equalTo("UGS"));
        }
        addRoute("{\"destination\":\"192.0.2.7\",\"gateway\":\"10.0.0.1\",\"interface\":\"epair0b\"}")
                .body("flags", equalTo("UGHS"));

        List<String> through = List.of("default", "10.1.0.0/24", "10.1.1.0/24", "10.1.2.0/24", "10.1.3.0/24",
                "10.1.4.0/24", "10.1.5.0/24", "10.1.6.0/24", "10.1.7.0/24", "10.1.8.0/24", "10.1.9.0/24",
                "192.0.2.7/32");
        // its page counts all twelve and names the first eight, by destination
        api().get("/api/vnets/" + vnet + "/nexthops").then().statusCode(200)
                .body("find { it.id == " + nhop + " }.refcount", equalTo(12))
                .body("find { it.id == " + nhop + " }.gateway", equalTo("10.0.0.1"))
                .body("find { it.id == " + nhop + " }.holders.destination", equalTo(through.subList(0, 8)))
                .body("find { it.id == " + nhop + " }.holdersComplete", equalTo(false))
                .body("findAll { it.id != " + nhop + " }.holdersComplete", everyItem(equalTo(true)))
                .body("findAll { it.id != " + nhop + " }.holders.flatten().destination",
                        everyItem(not(in(through))));
        // all of them, a page at a time, through the routes filtered by the nexthop
        assertThat(pagedDestinations("/api/vnets/" + vnet + "/routes?nexthop=" + nhop + "&limit=5"))
                .isEqualTo(through);
        api().get("/api/vnets/" + vnet + "/routes?nexthop=" + nhop + "&cursor=0/INET/10.1.8.0/24").then()
                .statusCode(200).body("destination", equalTo(through.subList(10, 12)));
        api().get("/api/vnets/" + vnet + "/routes?nexthop=" + nhop + "&cursor=0/INET6/::/0").then()
                .statusCode(200).body("", empty());
        api().get("/api/vnets/" + vnet + "/routes?nexthop=" + nhop + "&family=inet6").then().statusCode(200)
                .body("", empty());
        api().get("/api/vnets/" + vnet + "/routes?nexthop=" + nhop + "&family=inet&fib=0&limit=2").then()
                .statusCode(200).body("destination", equalTo(through.subList(0, 2)));
        api().get("/api/vnets/" + vnet + "/routes?nexthop=987654321").then().statusCode(200).body("", empty());
        String other = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        sagaStep(Topics.ROUTING_COMMANDS, UUID.randomUUID(), new SagaCommand(other, SagaStep.RTABLES_INIT, 1));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + other + "/routes?nexthop=" + nhop).then()
                .statusCode(200).body("", empty()));
        api().get("/api/vnets/" + vnet + "/subscriptions?nexthop=" + nhop).then().statusCode(200).body("", empty());
        api().get("/api/vnets/" + vnet + "/routes?nexthop=one").then().statusCode(400)
                .body("field", equalTo("nexthop"));
        // a page of nexthops at a time, each with its own holders and no other's
        String next = "/api/vnets/" + vnet + "/nexthops?limit=1";
        int pages = 0;
        while (next != null) {
            ExtractableResponse<Response> page = api().urlEncodingEnabled(false).get(next).then().statusCode(200)
                    .body("", hasSize(1)).extract();
            List<String> holders = page.path("[0].holders.destination");
            String id = page.path("[0].id").toString();
            if (id.equals(nhop)) {
                assertThat(holders).isEqualTo(through.subList(0, 8));
            } else {
                assertThat(holders).as("the holders of nexthop %s", id).hasSize(page.path("[0].refcount"))
                        .doesNotContainAnyElementsOf(through);
                assertThat(pagedDestinations("/api/vnets/" + vnet + "/routes?nexthop=" + id)).isEqualTo(holders);
            }
            next = nextLink(page);
            pages++;
        }
        assertThat(pages).isGreaterThanOrEqualTo(2);
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.1.3.9").then().body("destination", equalTo("10.1.3.0/24"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.0.0.77").then().body("destination", equalTo("10.0.0.0/24"))
                .body("flags", equalTo("UC"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.0.0.2").then().body("interface", equalTo("lo0"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=203.0.113.5&fib=0").then().body("destination", equalTo("default"))
                .body("gateway", equalTo("10.0.0.1"));

        api().delete("/api/vnets/" + vnet + "/routes?destination=10.1.3.0/24&fib=0").then().statusCode(204);
        api().get("/api/vnets/" + vnet + "/nexthops").then().body("find { it.id == " + nhop + " }.refcount", equalTo(11));
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.1.3.9").then().body("destination", equalTo("default"));
    }

    /**
     * A route whose nexthop exists is added by the statement that plans it; one the plan refuses, or whose nexthop
     * is new, is left to {@code route add}, which adds it or answers why not.
     */
    @Test
    void aRouteThroughANexthopThatExistsIsAddedByItsPlanAndNoOtherIs() {
        addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}");

        assertThat(plannedAndAdded("10.1.0.0/24", "10.0.0.1", null)).as("through the gateway's nexthop").isTrue();
        assertThat(plannedAndAdded("10.4.0.0/24", null, "epair0b")).as("through the connected network's nexthop")
                .isTrue();
        assertThat(plannedAndAdded("10.1.0.0/24", "10.0.0.1", null)).as("a destination that has its route").isFalse();
        assertThat(plannedAndAdded("10.2.0.0/24", "10.0.0.1", "lo0")).as("an interface the gateway is not reached by")
                .isFalse();
        assertThat(plannedAndAdded("10.3.0.0/24", "10.0.0.9", null)).as("a gateway without a nexthop yet").isFalse();
        assertThat(plannedAndAdded("10.5.0.0/24", null, "gif9")).as("an interface the VNET does not have").isFalse();

        api().get("/api/vnets/" + vnet + "/routes").then().statusCode(200)
                .body("destination", hasItem("10.1.0.0/24")).body("destination", hasItem("10.4.0.0/24"))
                .body("find { it.destination == '10.1.0.0/24' }.flags", equalTo("UGS"))
                .body("find { it.destination == '10.4.0.0/24' }.flags", equalTo("US"))
                .body("", hasSize(5));
    }

    /**
     * Every VNET uses the same private prefixes: a longest-prefix match finds the VNET's own routes, never a more
     * specific one of another VNET, in IPv4 and IPv6, from a host route down to the default.
     */
    @Test
    void theLongestMatchIsTheVnetsOwnWhateverOtherVnetsHold() {
        String other = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        int otherEpair = INDEXES.incrementAndGet();
        sagaStep(Topics.ROUTING_COMMANDS, UUID.randomUUID(), new SagaCommand(other, SagaStep.RTABLES_INIT, 1));
        send(new IfnetArrival(other, "epair1b", otherEpair, "EPAIR", "vnet0"));
        send(new IfaddrAdded(other, "epair1b", otherEpair, "INET", "10.0.0.3", 24));
        send(new IfaddrAdded(other, "epair1b", otherEpair, "INET6", "2001:db8::3", 64));
        send(new IfaddrAdded(vnet, "epair0b", epair, "INET6", "2001:db8::2", 64));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + other + "/routes").then().body("", hasSize(2)));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + vnet + "/routes?family=inet6").then()
                .body("destination", hasItem("2001:db8::/64")));
        given().contentType(ContentType.JSON).body("{\"routes\":[{\"destination\":\"10.1.3.128/25\",\"gateway\":\"10.0.0.9\"},"
                        + "{\"destination\":\"2001:db8:1:2::/64\",\"gateway\":\"2001:db8::9\"}]}")
                .post("/api/vnets/" + other + "/routes/bulk").then().statusCode(200).body("added", equalTo(2));

        addRoute("{\"destination\":\"10.1.0.0/16\",\"gateway\":\"10.0.0.1\"}");
        addRoute("{\"destination\":\"2001:db8:1::/48\",\"gateway\":\"2001:db8::1\"}");
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.1.3.200").then().body("destination", equalTo("10.1.0.0/16"))
                .body("gateway", equalTo("10.0.0.1"));
        api().get("/api/vnets/" + other + "/lookup?destination=10.1.3.200").then().body("destination", equalTo("10.1.3.128/25"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=2001:db8:1:2::5").then()
                .body("destination", equalTo("2001:db8:1::/48")).body("gateway", equalTo("2001:db8::1"));
        api().get("/api/vnets/" + other + "/lookup?destination=2001:db8:1:2::5").then()
                .body("destination", equalTo("2001:db8:1:2::/64"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=2001:db8::77").then().body("destination", equalTo("2001:db8::/64"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=10.0.0.2").then().body("destination", equalTo("10.0.0.2/32"));
        api().get("/api/vnets/" + vnet + "/lookup?destination=203.0.113.5").then().statusCode(404);
        addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}");
        api().get("/api/vnets/" + vnet + "/lookup?destination=203.0.113.5").then().body("destination", equalTo("default"));
    }

    @Test
    void aBulkLoadAddsItsRoutesChunkByChunkAndNamesEveryRefusedOneWithWhy() {
        StringBuilder routes = new StringBuilder();
        for (int i = 0; i < 2_500; i++) {
            String route = switch (i) {
                case 5 -> "{\"destination\":\"not-a-prefix\",\"gateway\":\"10.0.0.3\"}";
                case 1200 -> "{\"destination\":\"172.31.0.1/32\",\"gateway\":\"198.51.100.1\"}";
                // the destination of route 7, added two chunks before
                case 1500 -> "{\"destination\":\"172.16.0.7/32\",\"gateway\":\"10.0.0.4\"}";
                // an interface route, then a route whose gateway only it makes reachable, then that route again
                case 2100 -> "{\"destination\":\"192.168.50.0/24\",\"interface\":\"epair0b\"}";
                case 2101, 2102 -> "{\"destination\":\"172.30.0.1/32\",\"gateway\":\"192.168.50.9\"}";
                default -> "{\"destination\":\"172.16." + i / 256 + "." + i % 256 + "/32\",\"gateway\":\"10.0.0."
                        + (3 + i % 10) + "\"}";
            };
            routes.append(i == 0 ? "" : ",").append(route);
        }

        api().contentType(ContentType.JSON).body("{\"routes\":[" + routes + "]}")
                .post("/api/vnets/" + vnet + "/routes/bulk").then().statusCode(200)
                .body("refused.index", equalTo(List.of(5, 1200, 1500, 2102)))
                .body("requested", equalTo(2_500)).body("added", equalTo(2_496))
                .body("refused.field", equalTo(List.of("destination", "gateway", "destination", "destination")))
                .body("refused[1].detail", equalTo("gateway 198.51.100.1 is unreachable: no route to it in fib 0 of "
                        + vnet))
                .body("refused[2].detail", equalTo("route to 172.16.0.7/32 already in fib 0 of " + vnet + " (EEXIST)"));

        api().get("/api/vnets/" + vnet + "/routes?limit=10000").then().body("", hasSize(2 + 2_496));
        // the connected and the local route's, one per gateway, and the one behind the interface route's network
        api().get("/api/vnets/" + vnet + "/nexthops").then().body("", hasSize(2 + 10 + 1))
                .body("find { it.gateway == '10.0.0.3' }.refcount", equalTo(247));
        api().get("/api/vnets/" + vnet + "/lookup?destination=172.30.0.1").then().body("gateway", equalTo("192.168.50.9"))
                .body("interface", equalTo("epair0b"));
    }

    @Test
    void aBulkLoadIntoAnUnknownVnetOrWithoutRoutesIsRefusedWhole() {
        api().contentType(ContentType.JSON).body("{\"routes\":[{\"destination\":\"10.9.0.0/16\",\"gateway\":\"10.0.0.1\"}]}")
                .post("/api/vnets/vnet-unknown/routes/bulk").then().statusCode(404).body("field", equalTo("vnetId"));
        api().contentType(ContentType.JSON).body("{\"routes\":[]}").post("/api/vnets/" + vnet + "/routes/bulk").then()
                .statusCode(400).body("field", equalTo("routes"));
        api().contentType(ContentType.JSON).body("{\"routes\":[null]}").post("/api/vnets/" + vnet + "/routes/bulk")
                .then().statusCode(400);
        api().get("/api/vnets/" + vnet + "/routes").then().body("", hasSize(2));
    }

    @Test
    void aTunnelsCacheFollowsRouteChangesAndDropsWhenTheRouteGoes() {
        int gif = INDEXES.incrementAndGet();
        long defaultNhop = Long.parseLong(addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}")
                .extract().path("nhopId").toString());

        send(new TunnelResolve(vnet, gif, "gif0", 0, "INET", "198.51.100.1", 1));
        TunnelRouteResolved first = resolved(gif, 1);
        assertThat(first.nhopId()).isEqualTo(defaultNhop);
        assertThat(first.gateway()).isEqualTo("10.0.0.1");
        api().get("/api/vnets/" + vnet + "/subscriptions").then().body("subscriber", equalTo(List.of("gif0")))
                .body("[0].nhopId", equalTo((int) defaultNhop)).body("[0].vnet", equalTo(vnet));
        api().get("/api/vnets/" + vnet + "/nexthops").then()
                .body("find { it.id == " + defaultNhop + " }.holders.subscriber", hasItem("gif0"))
                .body("find { it.id == " + defaultNhop + " }.refcount", equalTo(2))
                .body("find { it.id == " + defaultNhop + " }.holdersComplete", equalTo(true));
        api().get("/api/vnets/" + vnet + "/subscriptions?nexthop=" + defaultNhop).then().statusCode(200)
                .body("subscriber", equalTo(List.of("gif0")));

        long direct = Long.parseLong(addRoute("{\"destination\":\"198.51.100.0/24\",\"interface\":\"epair0b\"}")
                .extract().path("nhopId").toString());
        watcher.expect(RibChanged.class, c -> c.vnetId().equals(vnet) && c.change() == RibChanged.Change.ADD
                && c.subscribers().contains(gif) && c.destination().equals("198.51.100.0/24"), WAIT);
        send(new TunnelResolve(vnet, gif, "gif0", 0, "INET", "198.51.100.1", 1));
        await().atMost(WAIT).until(() -> watcher.all(TunnelRouteResolved.class, r -> r.ifIndex() == gif).size() == 2);
        assertThat(watcher.all(TunnelRouteResolved.class, r -> r.ifIndex() == gif).get(1).nhopId()).isEqualTo(direct);

        api().delete("/api/vnets/" + vnet + "/routes?destination=default").then().statusCode(204);
        await().atMost(WAIT).until(() -> watcher.find(NhopFreed.class, n -> n.nhopId() == defaultNhop).isPresent());

        api().delete("/api/vnets/" + vnet + "/routes?destination=198.51.100.0/24").then().statusCode(204);
        send(new TunnelResolve(vnet, gif, "gif0", 0, "INET", "198.51.100.1", 1));
        await().atMost(WAIT).until(() -> watcher.all(TunnelRouteResolved.class, r -> r.ifIndex() == gif).size() == 3);
        assertThat(watcher.all(TunnelRouteResolved.class, r -> r.ifIndex() == gif).get(2).nhopId()).isNull();

        send(new TunnelRelease(vnet, gif, "gif0"));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + vnet + "/subscriptions").then().body("", empty()));
        api().get("/api/audit").then().statusCode(200).body("violations", empty());
    }

    /** RTM_CHANGE: the route goes another way; the nexthop it left is freed with its last holder, a tunnel's cache. */
    @Test
    void routeChangeSendsAStaticRouteAnotherWayAndTellsTheRibsSubscribers() {
        int gif = INDEXES.incrementAndGet();
        long first = Long.parseLong(addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}")
                .extract().path("nhopId").toString());
        long other = Long.parseLong(addRoute("{\"destination\":\"192.0.2.0/24\",\"gateway\":\"10.0.0.9\"}")
                .extract().path("nhopId").toString());
        send(new TunnelResolve(vnet, gif, "gif0", 0, "INET", "198.51.100.1", 1));
        assertThat(resolved(gif, 1).nhopId()).isEqualTo(first);

        changeRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.9\"}").statusCode(200)
                .body("destination", equalTo("default")).body("gateway", equalTo("10.0.0.9"))
                .body("flags", equalTo("UGS")).body("nhopId", equalTo((int) other));
        watcher.expect(RibChanged.class, c -> c.vnetId().equals(vnet) && c.change() == RibChanged.Change.CHANGE
                && c.subscribers().contains(gif), WAIT);
        api().get("/api/vnets/" + vnet + "/nexthops").then()
                .body("find { it.id == " + first + " }.holders.subscriber", equalTo(List.of("gif0")))
                .body("find { it.id == " + first + " }.holders.kind", equalTo(List.of("tunnel")));
        send(new TunnelResolve(vnet, gif, "gif0", 0, "INET", "198.51.100.1", 1));
        await().atMost(WAIT).until(() -> watcher.all(TunnelRouteResolved.class, r -> r.ifIndex() == gif).size() == 2);
        assertThat(watcher.all(TunnelRouteResolved.class, r -> r.ifIndex() == gif).get(1).nhopId()).isEqualTo(other);
        await().atMost(WAIT).until(() -> watcher.find(NhopFreed.class, n -> n.nhopId() == first).isPresent());

        changeRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.9\"}").statusCode(200)
                .body("nhopId", equalTo((int) other));
        changeRoute("{\"destination\":\"default\",\"gateway\":\"172.16.0.1\"}").statusCode(400)
                .body("field", equalTo("gateway")).body("detail", containsString("not on a connected network"));
        changeRoute("{\"destination\":\"default\",\"interface\":\"epair0b\"}").statusCode(200)
                .body("gateway", equalTo("link#" + epair)).body("flags", equalTo("US"));
        await().atMost(WAIT).until(() -> watcher.all(RibChanged.class, c -> c.vnetId().equals(vnet)
                && c.change() == RibChanged.Change.CHANGE).size() == 2);
        assertThat(watcher.find(NhopFreed.class, n -> n.nhopId() == other)).as("192.0.2.0/24 still goes through it")
                .isEmpty();

        changeRoute("{\"destination\":\"10.0.0.0/24\",\"gateway\":\"10.0.0.9\"}").statusCode(409)
                .body("field", equalTo("destination")).body("detail", containsString("EADDRINUSE"));
        changeRoute("{\"destination\":\"203.0.113.0/24\",\"gateway\":\"10.0.0.9\"}").statusCode(404)
                .body("field", equalTo("destination"));
        changeRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.9\",\"fib\":1}").statusCode(400)
                .body("field", equalTo("fib"));
        api().contentType(ContentType.JSON).put("/api/vnets/" + vnet + "/routes").then().statusCode(400);
        api().get("/api/vnets/" + vnet + "/lookup?destination=203.0.113.7").then()
                .body("destination", equalTo("default")).body("interface", equalTo("epair0b"))
                .body("flags", equalTo("US"));
        send(new TunnelRelease(vnet, gif, "gif0"));
        await().atMost(WAIT).untilAsserted(() -> api().get("/api/vnets/" + vnet + "/subscriptions").then()
                .body("", empty()));
        api().get("/api/audit").then().statusCode(200).body("violations", empty());
    }

    @Test
    void anInterfaceThatLeavesTakesItsRoutesAndReleasesItsNexthops() {
        addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}");

        send(new IfnetDeparture(vnet, "epair0b", epair, IfnetDeparture.Fate.TOMBSTONE));

        watcher.expect(IfnetDetached.class, d -> d.vnetId().equals(vnet) && d.ifIndex() == epair, WAIT);
        api().get("/api/vnets/" + vnet + "/routes").then().body("", empty());
        api().get("/api/vnets/" + vnet + "/nexthops").then().body("", empty());
        assertThat(watcher.all(NhopFreed.class, n -> n.vnetId().equals(vnet))).hasSize(3);
        api().get("/api/audit").then().body("violations", empty());
    }

    /**
     * A move ({@code if_vmove}) and an interface freed outright flush the routes as any departure does, but nothing
     * waits for routing's answer, so none is sent. A tombstone's departure sent after them, on the same partition,
     * is answered: had the others been, their answers would have come first.
     */
    @Test
    void aMoveOrAFreedInterfaceTakesItsRoutesAndIsNotAnswered() {
        addRoute("{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}");
        int freed = INDEXES.incrementAndGet();
        int tombstone = INDEXES.incrementAndGet();

        send(new IfnetDeparture(vnet, "epair0b", epair, IfnetDeparture.Fate.VMOVE));
        send(new IfnetDeparture(vnet, "gif0", freed, IfnetDeparture.Fate.FREED));
        send(new IfnetDeparture(vnet, "gif1", tombstone, IfnetDeparture.Fate.TOMBSTONE));

        watcher.expect(IfnetDetached.class, d -> d.vnetId().equals(vnet) && d.ifIndex() == tombstone, WAIT);
        assertThat(watcher.all(IfnetDetached.class, d -> d.vnetId().equals(vnet))).extracting(IfnetDetached::ifIndex)
                .containsExactly(tombstone);
        api().get("/api/vnets/" + vnet + "/routes").then().body("", empty());
        assertThat(watcher.all(NhopFreed.class, n -> n.vnetId().equals(vnet))).hasSize(3);
        api().get("/api/audit").then().body("violations", empty());
    }

    /**
     * A departure from a VNET routing does not know, as IFNET_DETACH's departures often arrive after
     * {@code rtables_destroy} destroyed it: passed on, with no search of the route table, which has no route of
     * that VNET (after a large VNET's flush, each such search read its deleted routes again).
     */
    @Test
    void aDepartureFromAVnetRoutingDoesNotKnowSearchesNoRoute() {
        String gone = "vnet-gone-" + UUID.randomUUID().toString().substring(0, 8);
        long before = TableStatistics.scans(dataSource, "route");

        send(new IfnetDeparture(gone, "gif0", INDEXES.incrementAndGet(), IfnetDeparture.Fate.TOMBSTONE));

        watcher.expect(IfnetDetached.class, d -> d.vnetId().equals(gone), WAIT);
        assertThat(TableStatistics.scans(dataSource, "route") - before).as("scans of the route table").isZero();
    }

    private io.restassured.response.ValidatableResponse addRoute(String json) {
        return api().contentType(ContentType.JSON).body(json).post("/api/vnets/" + vnet + "/routes").then()
                .statusCode(201);
    }

    private io.restassured.response.ValidatableResponse changeRoute(String json) {
        return api().contentType(ContentType.JSON).body(json).put("/api/vnets/" + vnet + "/routes").then();
    }

    /** The plan of {@code route add} alone, committed: whether its statement added the route. */
    private boolean plannedAndAdded(String destination, String gateway, String interfaceName) {
        return QuarkusTransaction.requiringNew().call(() -> routes.planAdd(vnet, 0, IpPrefix.parse(destination),
                gateway == null ? null : IpAddress.parse(gateway), interfaceName, Instant.now()).added());
    }

    private TunnelRouteResolved resolved(int ifIndex, long generation) {
        return (TunnelRouteResolved) watcher.expect(TunnelRouteResolved.class,
                r -> r.ifIndex() == ifIndex && r.generation() == generation, WAIT).payload();
    }

    private void send(Message message) {
        send(Topics.IFNET_EVENTS, message);
    }

    /** The destinations of every page of routes, from {@code first} on. */
    private static List<String> pagedDestinations(String first) {
        List<String> destinations = new ArrayList<>();
        for (String next = first; next != null; ) {
            ExtractableResponse<Response> page = api().urlEncodingEnabled(false).get(next).then().statusCode(200)
                    .extract();
            destinations.addAll(page.path("destination"));
            next = nextLink(page);
        }
        return destinations;
    }

    private static String nextLink(ExtractableResponse<Response> page) {
        Matcher link = Pattern.compile("<([^>]*)>; rel=\"next\"").matcher(String.valueOf(page.header("Link")));
        return link.find() ? link.group(1) : null;
    }

    private static RequestSpecification api() {
        return given();
    }
}

package dev.jailnet.ifnet.api;

import static dev.jailnet.events.VnetIds.VNET0;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.route.RtablesDestroyed;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Loans in a tree of VNETs (jails within jails), as {@code if_vmove_loan} and {@code if_vmove_reclaim} allow them:
 * only down from the caller's VNET, into or out of a VNET below it ({@code prison_find_child}); and
 * {@code vnet_if_return} sending each interface to the VNET that made it, not to the one it last came from. The test
 * plays vnet-service (a VNET made from another is a child of it) and routing-service over Kafka.
 */
@QuarkusTest
@ServiceTest
class VnetTreeLoanTest extends TopicWatchingTest {

    private static final String PROBLEM = "application/problem+json";

    VnetTreeLoanTest() {
        super(Topics.SAGA_REPLIES, Topics.IFNET_EVENTS);
    }

    @Test
    void anInterfaceIsLoanedDownTheTreeALevelAtATimeEachTimeFromTheCallersVnet() {
        String a = vnet(VNET0);
        String b = vnet(a);
        String c = vnet(b);
        String name = hostEpair();
        int index = indexOf(VNET0, name);

        move(VNET0, name, a).statusCode(200).body("vnet", equalTo(a)).body("homeVnet", equalTo(VNET0));
        address(a, name, "10.18.0.1/24").statusCode(201);
        move(a, name, b).statusCode(200).body("vnet", equalTo(b)).body("addresses", empty());
        // it is in b now: its next loan is b's to make, not a's
        move(a, name, c).statusCode(404).contentType(PROBLEM).body("field", equalTo("name"));
        move(b, name, c).statusCode(200).body("vnet", equalTo(c)).body("homeVnet", equalTo(VNET0))
                .body("index", equalTo(index));

        watcher.expect(IfnetArrival.class, e -> e.vnetId().equals(c) && e.index() == index, WAIT);
        for (String passed : List.of(VNET0, a, b)) {
            given().get(interfaces(passed)).then().body("name", not(hasItem(name)));
        }
    }

    @Test
    void aLoanOrAReclaimOutsideTheCallersSubtreeIsRefusedNamingVnetAndChangesNothing() {
        String a = vnet(VNET0);
        String b = vnet(a);
        String sibling = vnet(a);
        String c = vnet(b);
        String unrelated = vnet(VNET0);
        String name = create(b, "epair").extract().path("name");
        int index = indexOf(b, name);
        address(b, name, "10.18.1.1/24").statusCode(201);

        for (String target : List.of(sibling, a, VNET0, unrelated)) {
            move(b, name, target).statusCode(400).contentType(PROBLEM).body("field", equalTo("vnet"))
                    .body("detail", equalTo(target + " is not a descendant of " + b + ": an interface is loaned only"
                            + " into a VNET below the caller's (prison_find_child finds no such jail: ENXIO)"));
        }
        given().get(interfaces(b) + "/" + name).then().statusCode(200).body("vnet", equalTo(b))
                .body("addresses", equalTo(List.of("10.18.1.1/24")));

        move(b, name, c).statusCode(200);
        watcher.expect(IfnetDeparture.class, d -> d.vnetId().equals(b) && d.index() == index, WAIT);
        for (String caller : List.of(sibling, unrelated)) {
            reclaim(caller, name, c).statusCode(400).contentType(PROBLEM).body("field", equalTo("vnet"))
                    .body("detail", equalTo(c + " is not a descendant of " + caller + ": an interface is reclaimed"
                            + " only from a VNET below the caller's (prison_find_child finds no such jail: ENXIO)"));
        }
        reclaim(c, name, b).statusCode(400).contentType(PROBLEM).body("field", equalTo("vnet"));

        given().get(interfaces(c) + "/" + name).then().statusCode(200).body("vnet", equalTo(c))
                .body("index", equalTo(index));
        assertThat(watcher.all(IfnetDeparture.class, d -> d.index() == index)).as("only the loan to " + c + " moved it")
                .hasSize(1);
    }

    @Test
    void aReclaimTakesAnInterfaceFromTwoLevelsDownIntoTheCallersVnetWhereverItWasMade() {
        String a = vnet(VNET0);
        String b = vnet(a);
        String c = vnet(b);
        String name = hostEpair();
        int index = indexOf(VNET0, name);
        move(VNET0, name, a).statusCode(200);
        move(a, name, b).statusCode(200);
        move(b, name, c).statusCode(200);
        address(c, name, "10.18.2.1/24").statusCode(201);

        reclaim(a, name, c).statusCode(200).body("vnet", equalTo(a)).body("homeVnet", equalTo(VNET0))
                .body("index", equalTo(index)).body("addresses", empty());
        watcher.expect(IfnetDeparture.class, d -> d.vnetId().equals(c) && d.index() == index, WAIT);
        watcher.expect(IfnetArrival.class, e -> e.vnetId().equals(a) && e.index() == index, WAIT);

        String made = create(c, "gif").extract().path("name");
        reclaim(a, made, c).statusCode(200).body("vnet", equalTo(a)).body("homeVnet", equalTo(c));
        reclaim(VNET0, name, a).statusCode(200).body("vnet", equalTo(VNET0)).body("homeVnet", equalTo(VNET0));
    }

    @Test
    void ifVmoveTakesTheInterfacesFromTheVnetTheNewOneIsMadeFromAndIfReturnSendsEachToItsHome() {
        String a = vnet(VNET0);
        String own = create(a, "gif").extract().path("name");
        String host = hostEpair();
        move(VNET0, host, a).statusCode(200);
        String child = newVnetId();
        UUID saga = UUID.randomUUID();
        assertThat(step(saga, child, SagaStep.LOIF_INIT, 1, List.of(), a).success()).isTrue();

        SagaReply moved = step(saga, child, SagaStep.IF_VMOVE, 1, List.of(own, host), a);

        assertThat(moved.success()).as(moved.reason()).isTrue();
        assertThat(moved.released()).containsEntry("interfaces", 2);
        given().get(interfaces(child)).then().body("name", hasItems("lo0", own, host));
        given().get(interfaces(child) + "/" + own).then().body("homeVnet", equalTo(a));
        given().get(interfaces(child) + "/" + host).then().body("homeVnet", equalTo(VNET0));
        // a command for which the participant has no reply yet (a saga retried afresh) finds the work done
        SagaReply again = step(UUID.randomUUID(), child, SagaStep.IF_VMOVE, 2, List.of(own, host), a);
        assertThat(again.success()).as(again.reason()).isTrue();

        // made from a, a VNET takes nothing from vnet0, even what is there
        String sibling = newVnetId();
        UUID siblingSaga = UUID.randomUUID();
        step(siblingSaga, sibling, SagaStep.LOIF_INIT, 1, List.of(), a);
        SagaReply refused = step(siblingSaga, sibling, SagaStep.IF_VMOVE, 1, List.of("em0"), a);
        assertThat(refused.success()).isFalse();
        assertThat(refused.reason()).isEqualTo("no interface em0 in " + a + " to move into " + sibling);

        SagaReply returned = step(saga, child, SagaStep.IF_RETURN, 1, List.of(own, host), a);

        assertThat(returned.success()).as(returned.reason()).isTrue();
        assertThat(returned.released()).containsEntry("interfaces", 2);
        given().get(interfaces(a) + "/" + own).then().statusCode(200).body("vnet", equalTo(a));
        given().get(interfaces(VNET0) + "/" + host).then().statusCode(200).body("vnet", equalTo(VNET0));
        given().get(interfaces(a)).then().body("name", not(hasItem(host)));
    }

    @Test
    void nothingIsMovedInFromAParentThatIsShuttingDown() {
        String a = vnet(VNET0);
        String own = create(a, "epair").extract().path("peer");
        String child = vnet(a);
        assertThat(step(UUID.randomUUID(), a, SagaStep.FREEZE, 1, List.of(), VNET0).success()).isTrue();

        SagaReply refused = step(UUID.randomUUID(), child, SagaStep.IF_VMOVE, 1, List.of(own), a);

        assertThat(refused.success()).isFalse();
        assertThat(refused.reason()).isEqualTo(a + " is SHUTTING_DOWN; nothing moves out of it (EBUSY)");
        given().get(interfaces(a) + "/" + own).then().statusCode(200).body("vnet", equalTo(a));
    }

    @Test
    void theShutdownOfTheDeepestVnetSendsEachLoanToItsHomeNotToTheVnetItCameFrom() {
        String a = vnet(VNET0);
        String b = vnet(a);
        String c = vnet(b);
        String host = hostEpair();
        int hostIndex = indexOf(VNET0, host);
        move(VNET0, host, a).statusCode(200);
        move(a, host, b).statusCode(200);
        move(b, host, c).statusCode(200);
        String own = create(a, "gif").extract().path("name");
        int ownIndex = indexOf(a, own);
        move(a, own, b).statusCode(200);
        move(b, own, c).statusCode(200);
        address(c, host, "10.18.3.1/24").statusCode(201);
        UUID saga = UUID.randomUUID();
        assertThat(step(saga, c, SagaStep.FREEZE, 1, List.of(), b).success()).isTrue();
        // its vnet_if_return is under way: nothing is taken out of it meanwhile
        reclaim(b, host, c).statusCode(409).contentType(PROBLEM).body("field", equalTo("vnet"))
                .body("detail", equalTo(c + " is SHUTTING_DOWN, not ALIVE (EBUSY)"));

        SagaReply detached = detach(saga, c);

        assertThat(detached.success()).as(detached.reason()).isTrue();
        assertThat(detached.released()).containsEntry("returned", 2).containsEntry("addresses", 1);
        given().get(interfaces(VNET0) + "/" + host).then().statusCode(200).body("vnet", equalTo(VNET0))
                .body("homeVnet", equalTo(VNET0)).body("index", equalTo(hostIndex)).body("addresses", empty());
        given().get(interfaces(a) + "/" + own).then().statusCode(200).body("vnet", equalTo(a))
                .body("index", equalTo(ownIndex));
        given().get(interfaces(b)).then().body("name", equalTo(List.of("lo0")));
        given().get(interfaces(c)).then().statusCode(404);
        watcher.expect(IfnetArrival.class, e -> e.vnetId().equals(VNET0) && e.index() == hostIndex, WAIT);
    }

    @Test
    void theShutdownOfAMiddleVnetSendsAHostsLoanToTheHostNotToItsParent() {
        String a = vnet(VNET0);
        String b = vnet(a);
        String host = hostEpair();
        int hostIndex = indexOf(VNET0, host);
        move(VNET0, host, a).statusCode(200);
        move(a, host, b).statusCode(200);
        address(b, host, "10.18.4.1/24").statusCode(201);
        UUID saga = UUID.randomUUID();
        assertThat(step(saga, b, SagaStep.FREEZE, 1, List.of(), a).success()).isTrue();

        SagaReply detached = detach(saga, b);

        assertThat(detached.success()).as(detached.reason()).isTrue();
        assertThat(detached.released()).containsEntry("returned", 1);
        given().get(interfaces(VNET0) + "/" + host).then().statusCode(200).body("vnet", equalTo(VNET0))
                .body("index", equalTo(hostIndex)).body("addresses", empty());
        given().get(interfaces(a)).then().body("name", equalTo(List.of("lo0")));
    }

    @Test
    void theLegacyTeardownSendsALoanToItsHomeToo() {
        String a = vnet(VNET0);
        String b = vnet(a);
        String c = vnet(b);
        String host = hostEpair();
        int hostIndex = indexOf(VNET0, host);
        move(VNET0, host, a).statusCode(200);
        move(a, host, b).statusCode(200);
        move(b, host, c).statusCode(200);

        send(Topics.ROUTE_EVENTS, new RtablesDestroyed(c));

        await().atMost(WAIT).untilAsserted(() -> given().get(interfaces(VNET0) + "/" + host).then().statusCode(200)
                .body("vnet", equalTo(VNET0)).body("index", equalTo(hostIndex)));
        given().get(interfaces(b)).then().body("name", equalTo(List.of("lo0")));
    }

    /** A VNET made from {@code parent}, as vnet-service makes a child jail's. */
    private String vnet(String parent) {
        String vnet = newVnetId();
        SagaReply made = step(UUID.randomUUID(), vnet, SagaStep.LOIF_INIT, 1, List.of(), parent);
        assertThat(made.success()).as(made.reason()).isTrue();
        return vnet;
    }

    private static String newVnetId() {
        return "vnet-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** An epair made on the host; its {@code b} half, which the tests loan. */
    private static String hostEpair() {
        return create(VNET0, "epair").extract().path("peer");
    }

    private SagaReply step(UUID saga, String vnet, SagaStep step, int attempt, List<String> names, String parent) {
        return sagaStep(Topics.IFNET_COMMANDS, saga, new SagaCommand(vnet, step, attempt, names, List.of(), parent));
    }

    /** {@code IFNET_DETACH}, routing having released no reference on the VNET's interfaces. */
    private SagaReply detach(UUID saga, String vnet) {
        return sagaStep(Topics.IFNET_COMMANDS, saga, new SagaCommand(vnet, SagaStep.IFNET_DETACH, 1, List.of(),
                List.of(new ReleasedReferences(ReferenceKind.NHOP_IFNET, vnet, 0))));
    }

    private static String interfaces(String vnet) {
        return "/api/vnets/" + vnet + "/interfaces";
    }

    private static int indexOf(String vnet, String name) {
        return given().get(interfaces(vnet) + "/" + name).then().statusCode(200).extract().path("index");
    }

    private static ValidatableResponse create(String vnet, String cloner) {
        return given().contentType(ContentType.JSON).body("{\"cloner\":\"" + cloner + "\"}").post(interfaces(vnet))
                .then().statusCode(201);
    }

    private static ValidatableResponse address(String vnet, String name, String address) {
        return given().contentType(ContentType.JSON).body("{\"address\":\"" + address + "\"}")
                .post(interfaces(vnet) + "/" + name + "/addresses").then();
    }

    private static ValidatableResponse move(String from, String name, String to) {
        return given().contentType(ContentType.JSON).body("{\"vnet\":\"" + to + "\"}")
                .post(interfaces(from) + "/" + name + "/vnet").then();
    }

    private static ValidatableResponse reclaim(String caller, String name, String from) {
        return given().contentType(ContentType.JSON).body("{\"vnet\":\"" + from + "\"}")
                .post(interfaces(caller) + "/" + name + "/reclaim").then();
    }
}

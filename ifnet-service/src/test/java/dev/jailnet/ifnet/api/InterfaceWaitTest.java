package dev.jailnet.ifnet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.route.NewAddrMsg;
import dev.jailnet.events.route.TunnelRouteResolved;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.Answered;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TopicWatchingTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Prefer: wait} on interface writes (RFC 7240): an address answers once routing has added its routes
 * ({@code RTM_NEWADDR} back), a tunnel once routing has answered its endpoints. The test plays routing, answering
 * while the request waits, or before the wait starts.
 */
@QuarkusTest
@ServiceTest
class InterfaceWaitTest extends TopicWatchingTest {

    private static final int ROUNDS = 10;

    private String vnet;

    InterfaceWaitTest() {
        super(Topics.IFNET_EVENTS, Topics.SAGA_REPLIES);
    }

    @BeforeEach
    void aVnetWithAnEpair() {
        vnet = "vnet-" + UUID.randomUUID().toString().substring(0, 8);
        sagaStep(Topics.IFNET_COMMANDS, UUID.randomUUID(), new SagaCommand(vnet, SagaStep.LOIF_INIT, 1));
        given().contentType(ContentType.JSON).body("{\"cloner\":\"epair\"}").post(path("")).then().statusCode(201);
    }

    @Test
    void anAddressThatWaitsAnswersOnlyOnceRoutingHasAddedItsRoutesEveryRound() {
        for (int round = 0; round < ROUNDS; round++) {
            String address = "10.0." + round + ".2";
            CompletableFuture<Answered> answer = Answered.async(() -> given().contentType(ContentType.JSON)
                    .header("Prefer", "wait=20").body("{\"address\":\"" + address + "/24\"}")
                    .post(path("/epair0a/addresses")));
            IfaddrAdded added = (IfaddrAdded) watcher.expect(IfaddrAdded.class,
                    a -> a.vnetId().equals(vnet) && a.address().equals(address), WAIT).payload();
            Answered.pauseInRound(round);
            long routedSent = System.nanoTime();
            send(Topics.ROUTE_EVENTS, new NewAddrMsg(vnet, added.ifIndex(), address, 24));

            Answered timed = answer.join();
            assertThat(timed.response().statusCode()).as("round %d", round).isEqualTo(201);
            assertThat(timed.response().<java.util.List<String>>path("addresses")).contains(address + "/24");
            assertThat(timed.response().header("Preference-Applied")).isEqualTo("wait=20");
            assertThat(timed.atNanos()).as("answered after RTM_NEWADDR was sent, round %d", round)
                    .isGreaterThan(routedSent);
        }
    }

    /**
     * An address removed and added again while routing is behind: routing's answer to the first announcement,
     * arriving after the second, does not answer the second's wait; only the answer to the second does.
     */
    @Test
    void anAnswerToAnEarlierAnnouncementOfTheSameAddressDoesNotAnswerALaterOnesWaitEveryRound()
            throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            String address = "10.1." + round + ".2";
            given().contentType(ContentType.JSON).body("{\"address\":\"" + address + "/24\"}")
                    .post(path("/epair0a/addresses")).then().statusCode(201);
            Envelope first = watcher.expect(IfaddrAdded.class, a -> a.vnetId().equals(vnet)
                    && a.address().equals(address), WAIT);
            int mark = watcher.mark();
            given().delete(path("/epair0a/addresses/" + address)).then().statusCode(204);
            CompletableFuture<Answered> answer = Answered.async(() -> given().contentType(ContentType.JSON)
                    .header("Prefer", "wait=20").body("{\"address\":\"" + address + "/24\"}")
                    .post(path("/epair0a/addresses")));
            Envelope second = watcher.await(IfaddrAdded.class, a -> a.vnetId().equals(vnet)
                    && a.address().equals(address), WAIT, mark).orElseThrow();
            int ifIndex = ((IfaddrAdded) first.payload()).ifIndex();

            send(Topics.ROUTE_EVENTS, new NewAddrMsg(vnet, ifIndex, address, 24), first);
            Thread.sleep(300);
            long routedSent = System.nanoTime();
            send(Topics.ROUTE_EVENTS, new NewAddrMsg(vnet, ifIndex, address, 24), second);

            Answered timed = answer.join();
            assertThat(timed.response().statusCode()).as("round %d", round).isEqualTo(201);
            assertThat(timed.atNanos()).as("answered after the answer to its own announcement, round %d", round)
                    .isGreaterThan(routedSent);
            given().delete(path("/epair0a/addresses/" + address)).then().statusCode(204);
        }
    }

    @Test
    void anAddressWhoseRoutesDoNotComeWithinTheWaitAnswers202WithTheInterfaceToLookAt() {
        Response response = given().contentType(ContentType.JSON).header("Prefer", "wait=1")
                .body("{\"address\":\"10.9.0.2/24\"}").post(path("/epair0a/addresses")).then().extract().response();
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.header("Location")).endsWith(path("/epair0a"));
        assertThat(response.<java.util.List<String>>path("addresses")).contains("10.9.0.2/24");

        Response unwaited = given().contentType(ContentType.JSON).body("{\"address\":\"10.9.1.2/24\"}")
                .post(path("/epair0a/addresses")).then().extract().response();
        assertThat(unwaited.statusCode()).as("without the header nothing waits").isEqualTo(201);
        assertThat(unwaited.header("Preference-Applied")).isNull();

        given().contentType(ContentType.JSON).header("Prefer", "wait=later").body("{\"address\":\"10.9.2.2/24\"}")
                .post(path("/epair0a/addresses")).then().statusCode(400).contentType("application/problem+json");
        assertThat(given().get(path("/epair0a")).then().extract().<java.util.List<String>>path("addresses"))
                .as("a refused request adds nothing").doesNotContain("10.9.2.2/24");
    }

    @Test
    void aTunnelThatWaitsAnswersOnlyOnceRoutingHasAnsweredItsEndpointsEveryRound() {
        given().contentType(ContentType.JSON).body("{\"cloner\":\"gif\",\"name\":\"gif0\"}").post(path(""))
                .then().statusCode(201);
        for (int round = 0; round < ROUNDS; round++) {
            String destination = "198.51.100." + (round + 1);
            boolean reachable = round % 2 == 0;
            CompletableFuture<Answered> answer = Answered.async(() -> given().contentType(ContentType.JSON)
                    .header("Prefer", "wait=20")
                    .body("{\"source\":\"10.0.0.2\",\"destination\":\"" + destination + "\",\"fib\":0}")
                    .put(path("/gif0/tunnel")));
            TunnelResolve ask = (TunnelResolve) watcher.expect(TunnelResolve.class,
                    t -> t.vnetId().equals(vnet) && t.destination().equals(destination), WAIT).payload();
            Answered.pauseInRound(round);
            long resolvedSent = System.nanoTime();
            send(Topics.ROUTE_EVENTS, reachable
                    ? new TunnelRouteResolved(vnet, ask.ifIndex(), ask.generation(), true, 100L + round, "epair0a", "10.0.0.1")
                    : new TunnelRouteResolved(vnet, ask.ifIndex(), ask.generation(), true, null, null, null));

            Answered timed = answer.join();
            Response response = timed.response();
            assertThat(response.statusCode()).as("round %d", round).isEqualTo(200);
            assertThat(response.<Boolean>path("tunnel.resolved")).isTrue();
            assertThat(response.<Integer>path("tunnel.cache.nhopId")).as("round %d", round)
                    .isEqualTo(reachable ? 100 + round : null);
            assertThat(timed.atNanos()).as("answered after routing's answer was sent, round %d", round)
                    .isGreaterThan(resolvedSent);
        }
        Response unanswered = given().contentType(ContentType.JSON).header("Prefer", "wait=1")
                .body("{\"source\":\"10.0.0.2\",\"destination\":\"203.0.113.9\"}").put(path("/gif0/tunnel")).then()
                .extract().response();
        assertThat(unanswered.statusCode()).isEqualTo(202);
        assertThat(unanswered.<Boolean>path("tunnel.resolved")).isFalse();
        assertThat(unanswered.header("Location")).endsWith(path("/gif0"));
    }

    private String path(String rest) {
        return "/api/vnets/" + vnet + "/interfaces" + rest;
    }
}

package dev.jailnet.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the console gathers for the page, from the services as {@link FakeServices} plays them: a VNET's graph
 * from all four, lists read page by page (or the first page and a word that there is more), a VNET that is not
 * there, the faults of every ledger; always with the caller's own token.
 */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
@WithTestResource(FakeServices.class)
class ConsoleGraphTest {

    private String token;

    @BeforeEach
    void viewer() {
        token = Tokens.viewer();
        FakeServices.REQUESTS.clear();
    }

    @Test
    void aVnetsGraphHoldsWhatEachServiceHasOfItAndSaysWhatWasCutShort() {
        given().auth().oauth2(token).get("/api/vnets/vnet3/graph").then().statusCode(200)
                .body("vnet.state", equalTo("ALIVE")).body("jail.name", equalTo("web"))
                .body("sagas[0].steps[0].attempts", equalTo(2)).body("sagas[0].steps[0].released.lo0", equalTo(6))
                .body("ribs.family", contains("INET", "INET6"))
                .body("interfaces[0].tunnel.cache.nhopId", equalTo(3))
                .body("nexthops[0].holders.kind", contains("route", "tunnel"))
                .body("nexthops[0].holdersComplete", equalTo(true))
                .body("nexthops[0].interface", equalTo("epair0b")).body("nexthops[0].ifIndex", equalTo(5))
                .body("routes[0].interface", equalTo("epair0b")).body("subscriptions[0].subscriberIndex", equalTo(7))
                .body("truncated", contains("routes"));
        assertThat(FakeServices.REQUESTS).as("every call with the caller's token")
                .allSatisfy(request -> assertThat(request[1]).isEqualTo("Bearer " + token));
    }

    /**
     * The graph is read from four services one after another; a teardown that begins meanwhile may have flushed what
     * a later read finds. The VNET is shown in the state it had after the last read, so that the page never keeps
     * such a graph as the VNET alive (the picture its replay of the teardown starts from).
     */
    @Test
    void aVnetWhoseTeardownBeganWhileItsGraphWasReadIsNotShownAlive() {
        given().auth().oauth2(token).get("/api/vnets/vnet6/graph").then().statusCode(200)
                .body("vnet.state", equalTo("SHUTTING_DOWN"));
    }

    @Test
    void theJailsAreEveryPageOfJlsD() {
        given().auth().oauth2(token).get("/api/jails").then().statusCode(200).body("jid", contains(3, 4))
                .body("[1].holds", hasSize(1));
    }

    @Test
    void aVnetThatIsNotThereIsNotFound() {
        given().auth().oauth2(token).get("/api/vnets/vnet9/graph").then().statusCode(404)
                .contentType("application/problem+json").body("field", equalTo("vnetId"));
    }

    @Test
    void aServiceThatIsUnavailableMakesThePageUnavailableAndOneThatFailedMakesItABadGateway() {
        given().auth().oauth2(token).get("/api/vnets/vnet7/graph").then().statusCode(503)
                .contentType("application/problem+json").header("Retry-After", "5")
                .body("detail", equalTo("vnet-service answered 503"));
        given().auth().oauth2(token).get("/api/vnets/vnet8/graph").then().statusCode(502)
                .contentType("application/problem+json").header("Retry-After", nullValue())
                .body("detail", equalTo("vnet-service answered 500"));
    }

    @Test
    void theFaultsOfEveryLedgerComeWithTheirServiceAndVnet() {
        given().auth().oauth2(token).get("/api/faults").then().statusCode(200)
                .body("service", contains("jail-service", "vnet-service", "ifnet-service", "routing-service"))
                .body("vnetId", contains("vnet5", "vnet5", "vnet5", "vnet5"))
                .body("[0].description", equalTo("rib_unsubscribe by gif0 (tunnel:vnet5/9) on a RIB of vnet5 that"
                        + " rtables_destroy already freed"));
        assertThat(FakeServices.REQUESTS.stream().filter(r -> r[0].startsWith("GET /api/audit")))
                .as("two pages of each of the four ledgers").hasSize(8);
    }
}

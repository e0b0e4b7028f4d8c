package dev.jailnet.routing.api;

import static dev.jailnet.testsupport.BadRequest.delete;
import static dev.jailnet.testsupport.BadRequest.get;
import static dev.jailnet.testsupport.BadRequest.post;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.ifnet.IfaddrAdded;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.testsupport.BadRequest;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad routing request gets problem details naming the field, and changes nothing. */
@QuarkusTest
@ServiceTest
class RouteBadInputTest {

    private static final String ROUTES = "/api/vnets/vnet0/routes";
    private static boolean prepared;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @BeforeEach
    void aConnectedNetworkAndAGatewayRoute() {
        if (!prepared) {
            KafkaProbe.produce(bootstrap, Topics.IFNET_EVENTS, Envelope.of(new IfnetArrival("vnet0", "lo0", 1, "LOOP", "vnet0")));
            KafkaProbe.produce(bootstrap, Topics.IFNET_EVENTS, Envelope.of(new IfnetArrival("vnet0", "em0", 2, "ETHER", "vnet0")));
            KafkaProbe.produce(bootstrap, Topics.IFNET_EVENTS,
                    Envelope.of(new IfaddrAdded("vnet0", "em0", 2, "INET", "192.168.7.2", 24)));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(ROUTES).then()
                    .body("size()", equalTo(2)));
            given().contentType(ContentType.JSON).body("{\"destination\":\"10.8.0.0/16\",\"gateway\":\"192.168.7.1\"}")
                    .post(ROUTES).then().statusCode(201);
            prepared = true;
        }
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                post(ROUTES, null, 400, "body", "a JSON body is required"),
                get(ROUTES + "?fib=zero", 400, "fib", "must be a whole number"),
                get(ROUTES + "?limit=lots", 400, "limit", "must be a whole number"),
                get(ROUTES + "?limit=99999999999", 400, "limit", "to 2147483647"),
                get("/api/vnets/vnet0/lookup?destination=10.8.0.1&fib=1.5", 400, "fib", "not '1.5'"),
                delete(ROUTES + "?destination=10.8.0.0/16&fib=x", 400, "fib", "must be a whole number"),
                post(ROUTES, "{\"destination\":\"10.9.0.0/16\",\"gateway\":19216871}", 400, "gateway", "string"),
                post(ROUTES, "{\"destination\":", 400, null, "malformed JSON"),
                post(ROUTES, "{\"gateway\":\"192.168.7.1\"}", 400, "destination", "is required"),
                post(ROUTES, "{\"destination\":\"default\",\"gateway\":\"" + "9".repeat(65) + "\"}", 400, "gateway",
                        "at most 64 characters"),
                post(ROUTES, "{\"destination\":\"10.0.0.0/33\",\"gateway\":\"192.168.7.1\"}", 400, "destination",
                        "out of range"),
                post(ROUTES, "{\"destination\":\"web\",\"gateway\":\"192.168.7.1\"}", 400, "destination",
                        "not an IPv4 address"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"192.168.7.300\"}", 400, "gateway",
                        "above 255"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"2001:db8::1\"}", 400, "gateway",
                        "is inet6 but destination 10.1.0.0/16 is inet"),
                post(ROUTES, "{\"destination\":\"2001:db8::/32\",\"gateway\":\"192.168.7.1\"}", 400, "gateway",
                        "is inet but destination"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"172.16.0.1\"}", 400, "gateway",
                        "unreachable"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"10.8.0.1\"}", 400, "gateway",
                        "not on a connected network"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\"}", 400, "gateway", "a gateway or an interface"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"interface\":\"em9\"}", 400, "interface", "no interface em9"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"interface\":\"EM0!\"}", 400, "interface",
                        "not an interface name"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"192.168.7.1\",\"interface\":\"lo0\"}", 400,
                        "interface", "reached through em0, not lo0"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"192.168.7.1\",\"fib\":-1}", 400, "fib",
                        "0 or more"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"192.168.7.1\",\"fib\":3}", 400, "fib",
                        "fib 3 does not exist"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"192.168.7.1\",\"fib\":\"zero\"}", 400, "fib",
                        "number"),
                post(ROUTES, "{\"destination\":\"10.8.0.0/16\",\"gateway\":\"192.168.7.1\"}", 409, "destination", "EEXIST"),
                post(ROUTES, "{\"destination\":\"10.1.0.0/16\",\"gateway\":\"192.168.7.1\",\"metric\":5}", 400, "metric",
                        "unknown field"),
                post("/api/vnets/vnet404/routes", "{\"destination\":\"default\",\"gateway\":\"192.168.7.1\"}", 404,
                        "vnetId", "no VNET vnet404"),
                get("/api/vnets/vnet404/routes", 404, "vnetId", "no VNET vnet404"),
                get("/api/vnets/vnet\u00000/routes", 400, "vnetId", "must not contain the NUL character (U+0000)"),
                delete(ROUTES + "?destination=10.8.0.0\u0000/16", 400, "destination", "NUL character"),
                post(ROUTES, "{\"destination\":\"10.9.0.0/16\",\"gateway\":\"192.168.7.1\\u0000\"}", 400, "gateway",
                        "NUL character"),
                get(ROUTES + "?family=ipx", 400, "family", "inet or inet6"),
                delete(ROUTES, 400, "destination", "is required"),
                delete(ROUTES + "?destination=10.99.0.0/16", 404, "destination", "no route to 10.99.0.0/16"),
                delete(ROUTES + "?destination=10.8.0.0/16&fib=7", 400, "fib", "fib 7 does not exist"),
                get("/api/vnets/vnet0/lookup?destination=172.16.0.1", 404, "destination", "no route to host"),
                get("/api/vnets/vnet0/lookup?destination=nowhere", 400, "destination", "not an IPv4 address"),
                get("/api/vnets/vnet0/lookup", 400, "destination", "is required"),
                get("/api/vnets/vnet404/subscriptions", 404, "vnetId", "no VNET vnet404"),
                get("/api/vnets/vnet404/ribs", 404, "vnetId", "no VNET vnet404"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRejectedWithProblemDetailsAndChangesNothing(BadRequest request) {
        request.isRefused(() -> given().get(ROUTES).asString() + given().get("/api/vnets/vnet0/nexthops").asString());
    }

}

package dev.jailnet.ifnet.api;

import static dev.jailnet.testsupport.BadRequest.delete;
import static dev.jailnet.testsupport.BadRequest.get;
import static dev.jailnet.testsupport.BadRequest.post;
import static dev.jailnet.testsupport.BadRequest.put;
import static io.restassured.RestAssured.given;

import dev.jailnet.testsupport.BadRequest;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad interface request gets problem details naming the field, and changes nothing. */
@QuarkusTest
@ServiceTest
class InterfaceBadInputTest {

    private static final String V0 = "/api/vnets/vnet0/interfaces";
    private static boolean prepared;

    @BeforeEach
    void anEpairAndAGif() {
        if (!prepared) {
            given().contentType(ContentType.JSON).body("{\"cloner\":\"epair\",\"name\":\"epair9\"}").post(V0).then()
                    .statusCode(201);
            given().contentType(ContentType.JSON).body("{\"cloner\":\"gif\",\"name\":\"gif9\"}").post(V0).then()
                    .statusCode(201);
            given().contentType(ContentType.JSON).body("{\"address\":\"10.9.0.1/24\"}").post(V0 + "/epair9a/addresses")
                    .then().statusCode(201);
            given().contentType(ContentType.JSON).body("{\"address\":\"2001:db8:9::1/64\"}")
                    .post(V0 + "/epair9a/addresses").then().statusCode(201);
            prepared = true;
        }
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                post(V0, null, 400, "body", "a JSON body is required"),
                post(V0, "{\"cloner\":", 400, null, "malformed JSON"),
                post(V0, "{}", 400, "cloner", "is required"),
                post(V0, "{\"cloner\":\"tap\"}", 400, "cloner", "no cloner 'tap'"),
                post(V0, "{\"cloner\":\"" + "g".repeat(17) + "\"}", 400, "cloner", "at most 16 characters"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"10.9.0." + "1".repeat(64) + "/24\"}", 400, "address",
                        "at most 64 characters"),
                post(V0, "{\"cloner\":\"gif\",\"name\":\"gre3\"}", 400, "name", "not a gif name"),
                post(V0, "{\"cloner\":\"gif\",\"name\":\"gif1234567890123\"}", 400, "name", "1 to 15 characters"),
                post(V0, "{\"cloner\":\"gif\",\"name\":\"gif9\"}", 409, "name", "EEXIST"),
                post(V0, "{\"cloner\":\"gif\",\"colour\":\"red\"}", 400, "colour", "unknown field"),
                post("/api/vnets/vnet404/interfaces", "{\"cloner\":\"gif\"}", 404, "vnetId", "no VNET vnet404"),
                get("/api/vnets/vnet404/interfaces", 404, "vnetId", "no VNET vnet404"),
                get(V0 + "/nosuch0", 404, "name", "no interface nosuch0 in vnet0"),
                delete(V0 + "/lo0", 400, "name", "lo0 cannot be destroyed"),
                delete(V0 + "/em0", 400, "name", "physical interface"),
                delete(V0 + "/nosuch0", 404, "name", "no interface nosuch0"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"10.0.0.300/24\"}", 400, "address", "above 255"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"10.0.0.1/33\"}", 400, "address", "out of range"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"2001:db8:::1/64\"}", 400, "address", "not an IPv6 address"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"2001:db8::1/0\"}", 400, "address",
                        "prefix length of 1 to 128"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"\"}", 400, "address", "is required"),
                post(V0 + "/epair9a/addresses", "{\"address\":\"2001:db8:9::1/48\"}", 400, "address",
                        "prefix length of an existing address cannot be changed"),
                post(V0 + "/epair9b/addresses", "{\"address\":\"10.9.0.1/24\"}", 409, "address", "already on epair9a"),
                delete(V0 + "/epair9a/addresses/10.9.0.99", 404, "address", "has no address 10.9.0.99"),
                delete(V0 + "/epair9a/addresses/not-an-address", 400, "address", "not an IPv4 address"),
                put(V0 + "/epair9a/tunnel", "{\"source\":\"10.9.0.1\",\"destination\":\"198.51.100.1\"}", 400, "name",
                        "not a tunnel interface"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"10.9.0.1\",\"destination\":\"2001:db8::1\"}", 400,
                        "destination", "different families"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"10.9.0.1\"}", 400, "destination", "is required"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"10.9.0.1\",\"destination\":\"198.51.100.1\",\"fib\":1.5}", 400,
                        "fib", "number"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"10.9.0.1\",\"destination\":\"198.51.100.1\",\"fib\":\"0\"}",
                        400, "fib", "number"),
                put(V0 + "/gif9/tunnel", "{\"source\":10,\"destination\":\"198.51.100.1\"}", 400, "source", "string"),
                get(V0 + "?tombstones=maybe", 400, "tombstones", "must be true or false"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"10.9.0.1\",\"destination\":\"198.51.100.1\",\"fib\":-1}", 400,
                        "fib", "0 or more"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"me\",\"destination\":\"198.51.100.1\"}", 400, "source",
                        "not an IPv4 address"),
                delete(V0 + "/gif9/tunnel", 404, "name", "gif9 has no tunnel"),
                post(V0 + "/epair9b/vnet", "{\"vnet\":\"vnet404\"}", 404, "vnet", "no VNET vnet404"),
                post(V0 + "/epair9b/vnet", "{\"vnet\":\"vnet0\"}", 400, "vnet", "another VNET"),
                post(V0 + "/epair9b/vnet", "{}", 400, "vnet", "is required"),
                post(V0 + "/lo0/vnet", "{\"vnet\":\"vnet404\"}", 404, "vnet", "no VNET"),
                post(V0 + "/epair9b/reclaim", "{\"vnet\":\"vnet404\"}", 404, "vnet", "no VNET vnet404"),
                post(V0 + "/epair9b/reclaim", "{\"vnet\":\"vnet0\"}", 400, "vnet", "another VNET"),
                put(V0 + "/gif9/tunnel", "{\"source\":\"10.9.0.1\",\"destination\":\"198.51.100.1\",\"fib\":7}", 400,
                        "fib", "fib 7 does not exist (net.fibs=1)"),
                get(V0 + "/" + "x".repeat(10_000), 400, "name", "at most 15"),
                get(V0 + "/lo\u00000", 400, "name", "must not contain the NUL character (U+0000)"),
                get("/api/vnets/vnet\u00000/interfaces", 400, "vnetId", "NUL character"),
                delete(V0 + "/epair\u00009a", 400, "name", "NUL character"),
                get("/api/vnets/" + "v".repeat(10_000) + "/interfaces", 400, "vnetId", "at most 64"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRejectedWithProblemDetailsAndChangesNothing(BadRequest request) {
        request.isRefused(() -> given().get(V0 + "?tombstones=true").asString());
    }
}

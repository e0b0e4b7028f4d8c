package dev.jailnet.jail.api;

import static dev.jailnet.testsupport.BadRequest.delete;
import static dev.jailnet.testsupport.BadRequest.get;
import static dev.jailnet.testsupport.BadRequest.post;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.testsupport.BadRequest;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request gets problem details naming the field, and changes nothing. */
@QuarkusTest
@ServiceTest
class JailBadInputTest {

    private static int aliveJid;
    private static int invalidJid;

    @BeforeEach
    void jails() {
        if (aliveJid == 0) {
            aliveJid = given().contentType(ContentType.JSON).body("{\"name\":\"taken\"}").post("/api/jails")
                    .then().statusCode(201).extract().path("jid");
            invalidJid = given().contentType(ContentType.JSON).body("{\"name\":\"creating\",\"vnet\":true}")
                    .post("/api/jails").then().statusCode(201).extract().path("jid");
        }
    }

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                post("/api/jails", null, 400, "body", "a JSON body is required"),
                post("/api/jails", "{\"name\":\"" + "x".repeat(11 * 1024 * 1024) + "\"}", 413, "body",
                        "at most 10485760 are accepted"),
                post("/api/jails", "{\"name\":", 400, null, "malformed JSON"),
                post("/api/jails", "[]", 400, null, "JSON object"),
                post("/api/jails", "{\"name\":\"two\"} {\"name\":\"three\"}", 400, "body", "something follows it"),
                post("/api/jails", "{\"name\":\"two\"} xyz", 400, null, "malformed JSON"),
                post("/api/jails", "{}", 400, "name", "is required"),
                post("/api/jails", "{\"name\":\"\"}", 400, "name", "1 to 64 characters"),
                post("/api/jails", "{\"name\":\"" + "x".repeat(65) + "\"}", 400, "name", "1 to 64 characters"),
                post("/api/jails", "{\"name\":\"web server\"}", 400, "name", "only letters, digits"),
                post("/api/jails", "{\"name\":\"a/b\"}", 400, "name", "only letters, digits"),
                post("/api/jails", "{\"name\":\"1234\"}", 400, "name", "must not be a number"),
                post("/api/jails", "{\"name\":\"taken.7\"}", 400, "name", "'7' would be read as a jid"),
                post("/api/jails", "{\"name\":\"07\",\"parent\":\"taken\"}", 400, "name", "must not be a number"),
                post("/api/jails", "{\"name\":\"ok\",\"vnet\":\"yes\"}", 400, "vnet", "boolean"),
                post("/api/jails", "{\"name\":\"ok\",\"persist\":[true]}", 400, "persist", "boolean"),
                post("/api/jails", "{\"name\":\"ok\",\"persit\":true}", 400, "persit", "unknown field"),
                post("/api/jails", "{\"name\":\"ok\",\"name\":\"other\"}", 400, "name", "name: given twice"),
                post("/api/jails", "{\"name\":{\"first\":\"a\"}}", 400, "name", "string"),
                post("/api/jails", "{\"name\":\"taken\"}", 409, "name", "a jail named 'taken' exists"),
                get("/api/jails/999998", 404, "jid", "no jail 999998"),
                get("/api/jails/nosuchjail", 404, "jid", "no jail nosuchjail"),
                post("/api/jails/nosuchjail/processes", null, 404, "jid", "no jail nosuchjail"),
                post("/api/jails/{invalid}/processes", null, 409, "jid", "it is INVALID, not ALIVE"),
                delete("/api/jails/{alive}/processes/424242", 404, "pid", "has no process 424242"),
                delete("/api/jails/{alive}/processes/abc", 400, "pid", "must be a whole number from"),
                delete("/api/jails/{alive}/processes/99999999999", 400, "pid", "to 2147483647, not '99999999999'"),
                delete("/api/jails/{alive}/holds/x7", 400, "holdId", "must be a whole number"),
                post("/api/jails", "{\"name\":\"ok\",\"vnet\":7}", 400, "vnet", "vnet: '7' is not a valid boolean (true or false)"),
                post("/api/jails", "{\"name\":\"ok\",\"persist\":7}", 400, "persist", "boolean"),
                post("/api/jails", "{\"name\":\"ok\",\"persist\":\"true\"}", 400, "persist", "boolean"),
                post("/api/jails", "{\"name\":1e999999}", 400, "name", "string"),
                post("/api/jails", "{\"name\":12345}", 400, "name", "name: '12345' is not a valid string"),
                post("/api/jails", "{\"name\":true}", 400, "name", "string"),
                post("/api/jails/{alive}/holds", null, 400, "body", "a JSON body is required"),
                post("/api/jails/{alive}/holds", "null", 400, "body", "a JSON body is required"),
                post("/api/jails/{alive}/holds", "{\"description\":12345}", 400, "description", "string"),
                get("/api/jails?dying=maybe", 400, "dying", "must be true or false, not 'maybe'"),
                get("/api/jails?limit=1&limit=2", 400, "limit", "given 2 times"),
                get("/api/jails?dyng=true", 400, "dyng", "unknown query parameter 'dyng'; this request takes dying,"
                        + " limit, cursor"),
                post("/api/jails?persist=false", "{\"name\":\"q\"}", 400, "persist", "this request takes none"),
                get("/api/jails/{alive}?dying=1", 400, "dying", "must be true or false"),
                get("/api/jails/" + "x".repeat(10_000), 400, "jail", "at most 64 characters"),
                get("/api/jails?cursor=" + "1".repeat(10_000), 400, "cursor", "at most"),
                delete("/api/jails/{alive}/holds/77", 404, "holdId", "has no hold 77"),
                post("/api/jails/{alive}/holds", "{\"description\":\"" + "d".repeat(201) + "\"}", 400,
                        "description", "at most 200"),
                post("/api/jails/{alive}/holds", "{\"description\":\"tcp\\u0000\"}", 400, "description",
                        "description: must not contain the NUL character (U+0000)"),
                get("/api/jails/tak\u0000en", 400, "jail", "must not contain the NUL character (U+0000)"),
                get("/api/jails?cursor=1\u00001", 400, "cursor", "NUL character"),
                post("/api/jails/{invalid}/holds", "{}", 409, "jid", "not ALIVE"),
                post("/api/jails", "{\"name\":\"ok\",\"interfaces\":[\"epair0b\"]}", 400, "interfaces",
                        "only a jail with its own VNET"),
                post("/api/jails", "{\"name\":\"ok\",\"vnet\":true,\"interfaces\":[\"Epair0b!\"]}", 400,
                        "interfaces[0]", "not an interface name"),
                post("/api/jails", "{\"name\":\"ok\",\"vnet\":true,\"interfaces\":[\"em0\",\"em0\"]}", 400,
                        "interfaces", "named twice"),
                post("/api/jails", "{\"name\":\"ok\",\"vnet\":true,\"interfaces\":\"em0\"}", 400,
                        "interfaces", "list"),
                get("/api/nothing-here", 404, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRejectedWithProblemDetailsAndChangesNothing(BadRequest request) {
        request.isRefused(path -> path.replace("{alive}", Integer.toString(aliveJid))
                        .replace("{invalid}", Integer.toString(invalidJid)),
                () -> given().get("/api/jails?dying=true").asString());
    }

    @org.junit.jupiter.api.Test
    void aBodyInAnotherMediaTypeIsUnsupported() {
        given().contentType(ContentType.TEXT).body("name=web").post("/api/jails").then().statusCode(415)
                .contentType("application/problem+json").body("status", equalTo(415));
    }
}

package dev.jailnet.vnet.api;

import static dev.jailnet.testsupport.BadRequest.get;
import static dev.jailnet.testsupport.BadRequest.post;
import static io.restassured.RestAssured.given;

import dev.jailnet.testsupport.BadRequest;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request to vnet-service gets problem details naming the parameter, and changes nothing. */
@QuarkusTest
@ServiceTest
class VnetBadInputTest {

    static Stream<BadRequest> badRequests() {
        return Stream.of(
                get("/api/sagas?status=DONE", 400, "status",
                        "must be one of RUNNING, COMPENSATING, STUCK, COMPLETED, FAILED, not 'DONE'"),
                get("/api/sagas?status=completed", 400, "status", "must be one of"),
                get("/api/sagas?limit=0", 400, "limit", "between 1 and"),
                get("/api/sagas?limit=ten", 400, "limit", "must be a whole number"),
                get("/api/sagas/not-a-uuid", 400, "id", "must be a UUID"),
                post("/api/sagas/12345/retry", null, 400, "id", "must be a UUID"),
                get("/api/sagas/00000000-0000-0000-0000-000000000000", 404, "sagaId", null),
                get("/api/vnets?limit=-1", 400, "limit", "between 1 and"),
                get("/api/vnets/vnet404", 404, "vnetId", "no VNET vnet404"),
                get("/api/vnets/vnet\u00000", 400, "vnetId", "must not contain the NUL character (U+0000)"),
                post("/api/vnets/vnet\u00001/shutdown", null, 400, "vnetId", "NUL character"),
                post("/api/vnets/vnet0/shutdown", null, 409, "vnetId", "never shut down"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRejectedWithProblemDetailsAndChangesNothing(BadRequest request) {
        request.isRefused(() -> given().get("/api/vnets").asString() + given().get("/api/sagas").asString());
    }
}

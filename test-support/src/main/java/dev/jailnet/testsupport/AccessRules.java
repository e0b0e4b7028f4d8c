package dev.jailnet.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.junit.jupiter.api.Assertions.assertAll;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Who may call what, checked over every operation a service's own OpenAPI document declares, so that an
 * endpoint added tomorrow is checked too: no token or a bad one is 401, a viewer's change is 403, both as
 * problem details; a viewer reads; the document declares the bearer scheme and both refusals.
 */
public final class AccessRules {

    private static final Set<String> CHANGES = Set.of("post", "put", "patch", "delete");

    /** An operation, and the document that declares it. */
    public record Operation(String method, String path, JsonPath document) {

        boolean changes() {
            return CHANGES.contains(method);
        }

        /** The path with each {@code {parameter}} filled: the refusal comes before the parameter is read. */
        String concretePath() {
            return path.replaceAll("\\{[^}]+}", "00000000-0000-0000-0000-000000000001");
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private AccessRules() {
    }

    /** Every operation under {@code /api} of the service under test, from {@code /q/openapi}. */
    public static List<Operation> operations() {
        JsonPath openapi = given().auth().none().accept(ContentType.JSON).get("/q/openapi?format=json").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openapi.getMap("paths");
        List<Operation> operations = new ArrayList<>();
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> Set.of("get", "post", "put", "patch", "delete").contains(m))
                .forEach(m -> operations.add(new Operation(m, path, openapi))));
        assertThat("operations in the OpenAPI document", operations.isEmpty(), equalTo(false));
        return operations;
    }

    /** Checks {@code rule} on every operation, reporting each that breaks it. */
    public static void holdOnEveryOperation(Consumer<Operation> rule) {
        assertAll(operations().stream().map(operation -> () -> rule.accept(operation)));
    }

    /** No token, an expired one and one signed by a stranger's key: 401, the challenge, problem details. */
    public static void refusesWithoutAValidToken(Operation operation) {
        for (RequestSpecification caller : List.of(given().auth().none(),
                given().auth().oauth2(Tokens.expired()), given().auth().oauth2(Tokens.forged()))) {
            Response answer = send(caller, operation);
            answer.then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401))
                    .body("field", equalTo("Authorization")).header("WWW-Authenticate", containsString("Bearer"));
        }
    }

    /** A viewer's change is 403 (problem details); a viewer's read is neither 401 nor 403. */
    public static void viewersReadAndDoNotChange(Operation operation) {
        Response answer = send(given().auth().oauth2(Tokens.viewer()), operation);
        if (operation.changes()) {
            answer.then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403))
                    .body("detail", containsString("operator"));
        } else {
            answer.then().statusCode(not(oneOf(401, 403)));
        }
    }

    /** An operator is never refused for who it is. */
    public static void operatorsAreLetThrough(Operation operation) {
        send(given().auth().oauth2(Tokens.operator()), operation).then().statusCode(not(oneOf(401, 403)));
    }

    /** The document declares the bearer scheme, and 401 (and 403 for a change) on the operation. */
    public static void documentDeclaresTheRefusals(Operation operation) {
        JsonPath openapi = operation.document();
        assertThat(openapi.getString("components.securitySchemes.bearer.scheme"), equalTo("bearer"));
        String at = "paths.'" + operation.path() + "'." + operation.method();
        assertThat(operation + " security", openapi.getList(at + ".security"), notNullValue());
        Map<String, Object> responses = openapi.getMap(at + ".responses");
        List<String> expected = operation.changes() ? List.of("401", "403") : List.of("401");
        assertThat(operation + " responses", responses.keySet(), hasItems(expected.toArray(String[]::new)));
    }

    private static Response send(RequestSpecification caller, Operation operation) {
        if (operation.changes() && !operation.method().equals("delete")) {
            caller.contentType(ContentType.JSON).body("{}");
        }
        return caller.request(operation.method().toUpperCase(), operation.concretePath());
    }
}

package dev.jailnet.testsupport;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertAll;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A service's contract, checked from its served OpenAPI document so that an operation added tomorrow is checked
 * too: the document is complete (ids, descriptions, examples, schemas, anchored patterns, the problem schema on
 * every error), every operation answers as declared to a real request, and every parameter and body field refuses
 * a value of the wrong kind with 400 naming it, changing nothing. A service's contract test extends this (with
 * {@code @QuarkusTest} and {@code @ServiceTest}). Each exchange is validated by {@link ServedContract}.
 */
public abstract class ContractTestCases {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final Set<String> CHANGES = Set.of("post", "put", "patch", "delete");

    /** An operation of the document. */
    record Operation(String method, String path, JsonNode node) {

        List<JsonNode> parameters() {
            List<JsonNode> parameters = new ArrayList<>();
            node.path("parameters").forEach(parameters::add);
            return parameters;
        }

        Optional<JsonNode> example() {
            Iterator<JsonNode> examples = node.path("requestBody").path("content").path("application/json")
                    .path("examples").elements();
            return examples.hasNext() ? Optional.of(examples.next().path("value")) : Optional.empty();
        }

        boolean hasBody() {
            return node.has("requestBody");
        }

        @Override
        public String toString() {
            return method.toUpperCase() + " " + path;
        }
    }

    private JsonNode document;

    private JsonNode document() {
        if (document != null) {
            return document;
        }
        try {
            document = JSON.readTree(ServedContract.current().orElseThrow(() ->
                    new AssertionError("the service serves no OpenAPI document")).document());
            return document;
        } catch (Exception e) {
            throw new AssertionError("the served OpenAPI document is not JSON", e);
        }
    }

    private List<Operation> operations(JsonNode document) {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(m -> {
            if (METHODS.contains(m.getKey()) && path.getKey().startsWith("/api/")) {
                operations.add(new Operation(m.getKey(), path.getKey(), m.getValue()));
            }
        }));
        assertThat("operations in the OpenAPI document", operations.isEmpty(), equalTo(false));
        return operations;
    }

    @Test
    void theDocumentIsComplete() {
        JsonNode document = document();
        OpenApiInteractionValidator validator = OpenApiInteractionValidator
                .createForInlineApiSpecification(document.toString()).build();
        Set<String> ids = new HashSet<>();
        List<Executable> checks = new ArrayList<>();
        for (Operation operation : operations(document)) {
            JsonNode node = operation.node();
            checks.add(() -> {
                List<String> missing = new ArrayList<>();
                String id = node.path("operationId").asText("");
                if (id.isBlank() || !ids.add(id)) {
                    missing.add("a unique operationId (" + id + ")");
                }
                for (String text : List.of("summary", "description")) {
                    if (node.path(text).asText("").isBlank()) {
                        missing.add(text);
                    }
                }
                operation.parameters().stream().filter(p -> p.path("description").asText("").isBlank())
                        .forEach(p -> missing.add("a description of parameter " + p.path("name").asText()));
                operation.parameters().stream().filter(p -> !p.path("in").asText().equals("header"))
                        .filter(p -> unbounded(resolve(document, p.path("schema"))))
                        .forEach(p -> missing.add("a bound on string parameter " + p.path("name").asText()));
                if (operation.hasBody()) {
                    Optional<JsonNode> example = operation.example();
                    if (example.isEmpty()) {
                        missing.add("an example of its body");
                    } else {
                        ValidationReport report = validator.validateRequest(exampleRequest(operation, example.get()));
                        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                                .forEach(m -> missing.add("a valid example: " + m.getMessage()));
                    }
                }
                node.path("responses").properties().forEach(r -> {
                    String status = r.getKey();
                    JsonNode content = r.getValue().path("content");
                    if (r.getValue().path("description").asText("").isBlank()) {
                        missing.add("a description of " + status);
                    }
                    if ((status.startsWith("4") || status.startsWith("5")) && !status.equals("414")
                            && !content.has("application/problem+json")) {
                        missing.add("problem details on " + status);
                    }
                    content.forEach(media -> {
                        if (media.path("schema").isEmpty()) {
                            missing.add("a schema of " + status + " (it is {})");
                        }
                    });
                });
                if (noSuccess(node.path("responses"))) {
                    missing.add("a success answer");
                }
                if (!node.has("security")) {
                    missing.add("its security requirement");
                }
                assertThat(operation + " declares", missing, empty());
            });
        }
        checks.add(() -> assertThat("patterns not anchored", unanchoredPatterns(document), empty()));
        assertAll(checks);
    }

    /** A string that may be any length (no maxLength, enum or format that bounds it). */
    private static boolean unbounded(JsonNode schema) {
        return schema.path("type").asText().equals("string") && !schema.has("maxLength") && !schema.has("enum")
                && !schema.has("format");
    }

    private static boolean noSuccess(JsonNode responses) {
        Iterator<String> statuses = responses.fieldNames();
        while (statuses.hasNext()) {
            if (statuses.next().startsWith("2")) {
                return false;
            }
        }
        return true;
    }

    private static List<String> unanchoredPatterns(JsonNode node) {
        List<String> found = new ArrayList<>();
        node.findValues("pattern").forEach(pattern -> {
            String regex = pattern.asText();
            if (!regex.startsWith("^") || !regex.endsWith("$")) {
                found.add(regex);
            }
        });
        return found;
    }

    private Request exampleRequest(Operation operation, JsonNode example) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(operation.method(), concrete(operation, Map.of()))
                .withContentType("application/json").withBody(example.toString())
                .withAuthorization("Bearer " + Tokens.operator());
        return request.build();
    }

    /** Every operation, sent a real request that the document says it takes: its answer is as declared. */
    @Test
    void everyOperationAnswersAsDeclared() {
        List<Operation> operations = operations(document());
        assertAll(operations.stream().filter(o -> !(CHANGES.contains(o.method()) && !o.path().contains("{")))
                .map(operation -> () -> ServedContract.strictly(() -> {
                    Response answer = send(operation, Map.of(), Map.of(), operation.example().orElse(null));
                    assertThat(operation + " answered " + answer.asString(), answer.statusCode(), lessThan(500));
                })));
    }

    /** Each path, query and header parameter, sent a value of the wrong kind: 400 naming it. */
    @Test
    void everyParameterRefusesAWrongValue() {
        Map<String, String> before = snapshot();
        List<Executable> checks = new ArrayList<>();
        for (Operation operation : operations(document())) {
            for (JsonNode parameter : operation.parameters()) {
                String name = parameter.path("name").asText();
                String in = parameter.path("in").asText();
                wrongParameterValue(parameter).ifPresent(wrong -> checks.add(() -> {
                    Response answer = send(operation, in.equals("path") ? Map.of(name, wrong) : Map.of(),
                            in.equals("path") ? Map.of() : Map.of(in + ":" + name, wrong),
                            operation.example().orElse(null));
                    refused(operation + " with " + in + " " + name + "=" + shortened(wrong), answer, name);
                }));
            }
        }
        assertThat("parameters to check", checks, not(empty()));
        assertAll(checks);
        assertThat("what a refused request changed", snapshot(), equalTo(before));
    }

    /** Each field of each body (from the operation's example), given a value of another JSON type: 400 naming it. */
    @Test
    void everyBodyFieldRefusesAWrongValue() {
        JsonNode document = document();
        Map<String, String> before = snapshot();
        List<Executable> checks = new ArrayList<>();
        for (Operation operation : operations(document)) {
            JsonNode schema = resolve(document, operation.node().path("requestBody").path("content")
                    .path("application/json").path("schema"));
            Optional<JsonNode> example = operation.example();
            if (example.isEmpty() || !example.get().isObject()) {
                continue;
            }
            fields(document, schema, "").forEach((field, fieldSchema) -> {
                JsonNode wrong = wrongJsonValue(fieldSchema);
                checks.add(() -> {
                    ObjectNode body = example.get().deepCopy();
                    put(body, field, wrong);
                    refused(operation + " with " + field + "=" + wrong, send(operation, Map.of(), Map.of(), body),
                            field);
                });
            });
        }
        assertAll(checks);
        assertThat("what a refused request changed", snapshot(), equalTo(before));
    }

    private static void refused(String what, Response answer, String field) {
        answer.then().statusCode(400);
        assertThat(what + ": " + answer.asString(), answer.contentType(), startsWith("application/problem+json"));
        String named = answer.jsonPath().getString("field");
        assertThat(what + ": the field named", named, anyOf(equalTo(field), startsWith(field + "["),
                startsWith(field + ".")));
    }

    /** What the reads without parameters answer: a refused request must leave it as it was. */
    private Map<String, String> snapshot() {
        Map<String, String> seen = new LinkedHashMap<>();
        operations(document()).stream().filter(o -> o.method().equals("get") && !o.path().contains("{"))
                .filter(o -> o.parameters().stream().noneMatch(p -> p.path("required").asBoolean(false)))
                .forEach(o -> seen.put(o.path(), given().get(o.path()).then().statusCode(200).extract().asString()));
        return seen;
    }

    private Response send(Operation operation, Map<String, String> pathValues, Map<String, String> values,
                          JsonNode body) {
        RequestSpecification request = given();
        for (JsonNode parameter : operation.parameters()) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            String value = values.getOrDefault(in + ":" + name, parameter.path("required").asBoolean(false)
                    ? placeholder(parameter) : null);
            if (value == null || in.equals("path")) {
                continue;
            }
            if (in.equals("query")) {
                request.queryParam(name, value);
            } else if (in.equals("header")) {
                request.header(name, value);
            }
        }
        if (body != null) {
            request.contentType(ContentType.JSON).body(body.toString());
        }
        return request.urlEncodingEnabled(false).request(operation.method().toUpperCase(),
                concrete(operation, pathValues));
    }

    /** The path with each parameter given a value of its declared kind, or the one given. */
    private String concrete(Operation operation, Map<String, String> pathValues) {
        String path = operation.path();
        for (JsonNode parameter : operation.parameters()) {
            if (parameter.path("in").asText().equals("path")) {
                String name = parameter.path("name").asText();
                String value = pathValues.containsKey(name) ? pathValues.get(name) : placeholder(parameter);
                path = path.replace("{" + name + "}", java.net.URLEncoder.encode(value,
                        java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
            }
        }
        return path;
    }

    /** A value the parameter takes (its example when it has one); nothing goes by it in a test's database. */
    private String placeholder(JsonNode parameter) {
        if (parameter.has("example")) {
            return parameter.path("example").asText();
        }
        JsonNode schema = resolve(document(), parameter.path("schema"));
        return switch (schema.path("type").asText()) {
            case "integer" -> "424242";
            case "boolean" -> "false";
            case "array" -> "wait=1";
            default -> schema.has("enum") ? schema.path("enum").get(0).asText()
                    : "uuid".equals(schema.path("format").asText()) ? "00000000-0000-4000-8000-00000000c0de"
                    : "probe0";
        };
    }

    /** A value of the wrong kind for the parameter, or none when every string is one it takes. */
    private Optional<String> wrongParameterValue(JsonNode parameter) {
        JsonNode schema = resolve(document(), parameter.path("schema"));
        if (parameter.path("name").asText().equals("Prefer")) {
            return Optional.of("wait=soon");
        }
        return switch (schema.path("type").asText()) {
            case "integer" -> Optional.of("x1");
            case "boolean" -> Optional.of("maybe");
            case "string" -> schema.has("enum") ? Optional.of("NOT_ONE_OF_THEM")
                    : "uuid".equals(schema.path("format").asText()) ? Optional.of("not-a-uuid")
                    : schema.has("maxLength") ? Optional.of("a".repeat(schema.path("maxLength").asInt() + 1))
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** A JSON value of another type than the field's schema declares. */
    private static JsonNode wrongJsonValue(JsonNode schema) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return switch (schema.path("type").asText()) {
            case "boolean" -> json.numberNode(7);
            case "integer" -> json.numberNode(1.5);
            case "number", "array", "object" -> json.textNode("x");
            default -> schema.has("enum") ? json.textNode("NOT_ONE_OF_THEM") : json.numberNode(12345);
        };
    }

    /** The body's fields, nested ones by their dotted path, each with its schema. */
    private static Map<String, JsonNode> fields(JsonNode document, JsonNode schema, String prefix) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        schema.path("properties").properties().forEach(property -> {
            JsonNode resolved = resolve(document, property.getValue());
            String name = prefix + property.getKey();
            fields.put(name, resolved);
            if (resolved.has("properties")) {
                fields.putAll(fields(document, resolved, name + "."));
            }
        });
        return fields;
    }

    private static JsonNode resolve(JsonNode document, JsonNode schema) {
        JsonNode at = schema;
        while (at.has("$ref")) {
            at = document.path("components").path("schemas")
                    .path(at.path("$ref").asText().replace("#/components/schemas/", ""));
        }
        if (at.has("allOf") && at.path("allOf").size() == 1) {
            return resolve(document, at.path("allOf").get(0));
        }
        return at;
    }

    private static void put(ObjectNode body, String field, JsonNode value) {
        int dot = field.indexOf('.');
        if (dot < 0) {
            body.set(field, value);
            return;
        }
        String head = field.substring(0, dot);
        JsonNode inner = body.path(head);
        ObjectNode object = inner.isObject() ? (ObjectNode) inner : body.putObject(head);
        put(object, field.substring(dot + 1), value);
    }

    private static String shortened(String value) {
        return value.length() > 30 ? value.substring(0, 30) + "...(" + value.length() + ")" : value;
    }
}

package dev.jailnet.testsupport;

import static io.restassured.RestAssured.given;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.http.ContentType;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A service's answers checked against the OpenAPI document it serves, by Atlassian's swagger-request-validator:
 * every REST Assured exchange of a service's tests (see {@link AnswersMatchTheDocument}) has its answer validated,
 * so an answer the document does not declare (a status, a body that is not its schema, problem details where none
 * are declared) fails the test that met it. Requests are validated too inside {@link #strictly}: tests that send
 * bad input on purpose check only the answers.
 */
public final class ServedContract {

    private static final Map<String, Optional<ServedContract>> BY_SERVICE = new ConcurrentHashMap<>();
    private static final ThreadLocal<Boolean> STRICT = ThreadLocal.withInitial(() -> false);

    private final String document;
    private final OpenApiInteractionValidator validator;

    private ServedContract(String document) {
        this.document = document;
        this.validator = OpenApiInteractionValidator.createForInlineApiSpecification(document)
                // A path or method the document does not have (/q/health, a 405) is not an operation's answer.
                .withLevelResolver(LevelResolver.create()
                        .withLevel("validation.request.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.request.operation.notAllowed", ValidationReport.Level.IGNORE)
                        // REST Assured adds the bearer token after the filters; AccessRules checks who may call what.
                        .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                        .build())
                .build();
    }

    /**
     * The contract of the service REST Assured talks to now, read from its {@code /q/openapi} once; empty for an
     * application that serves no document (a library's test application).
     */
    public static Optional<ServedContract> current() {
        String service = RestAssured.baseURI + ":" + RestAssured.port;
        return BY_SERVICE.computeIfAbsent(service, s -> {
            io.restassured.response.Response served = given().auth().none().accept(ContentType.JSON)
                    .get("/q/openapi?format=json");
            return served.statusCode() == 200 ? Optional.of(new ServedContract(served.asString())) : Optional.empty();
        });
    }

    /** The served document, as JSON. */
    public String document() {
        return document;
    }

    /** Runs {@code exchanges} with their requests validated too, on this thread. */
    public static void strictly(Runnable exchanges) {
        STRICT.set(true);
        try {
            exchanges.run();
        } finally {
            STRICT.set(false);
        }
    }

    /** The errors of one exchange, or an empty report. */
    ValidationReport validate(Request request, Response response) {
        ValidationReport report = STRICT.get() ? validator.validate(request, response)
                : validator.validateResponse(request.getPath(), request.getMethod(), response);
        return ValidationReport.from(report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR).toList());
    }

    /** The REST Assured filter that validates each exchange against the contract of the service it went to. */
    static final class Filter implements OrderedFilter {

        @Override
        public io.restassured.response.Response filter(FilterableRequestSpecification request,
                                                       FilterableResponseSpecification expected,
                                                       FilterContext context) {
            io.restassured.response.Response answer = context.next(request, expected);
            if (!request.getDerivedPath().startsWith("/api/")) {
                return answer;
            }
            Optional<ServedContract> contract = current();
            if (contract.isEmpty()) {
                return answer;
            }
            ValidationReport report = contract.get().validate(RestAssuredRequest.of(request),
                    RestAssuredResponse.of(answer));
            if (report.hasErrors()) {
                throw new AssertionError(request.getMethod() + " " + request.getDerivedPath() + " answered "
                        + answer.statusCode() + " " + answer.asString() + ", which its OpenAPI document does not"
                        + " declare:\n" + report.getMessages().stream().map(m -> "  " + m.getKey() + ": "
                        + m.getMessage()).collect(Collectors.joining("\n")));
            }
            return answer;
        }

        @Override
        public int getOrder() {
            return OrderedFilter.LOWEST_PRECEDENCE;
        }
    }
}

package dev.jailnet.problem;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The answers that the shared REST machinery gives on every service, declared once in each OpenAPI document
 * rather than on every resource method: the problem details schema, each error every operation can meet (a
 * refused value, authentication, a missing resource, content negotiation, the body limit, a conflict that
 * outlasted the retries, an unreachable database), the standard parameters' descriptions and the headers of
 * paging and {@code Prefer: wait}. A resource method declares its own successes and the refusals that are its
 * own (a name clash, say); an error it declares without content gets the problem schema here.
 */
public class CommonAnswers implements OASFilter {

    static final String PROBLEM = "Problem";
    private static final Set<PathItem.HttpMethod> CHANGES = Set.of(PathItem.HttpMethod.POST,
            PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    private static final Map<String, String> STANDARD_PARAMETERS = Map.of(
            "cursor", "Continues a list after the last item of the page before: the opaque value of the"
                    + " `Link: <...>; rel=\"next\"` header the previous page carried.",
            "limit", "The most items this page holds (1 to " + Pages.MAX_LIMIT + ", " + Pages.DEFAULT_LIMIT
                    + " when absent).",
            "Prefer", "`wait=N` (RFC 7240): answer once the change has taken effect in every service it concerns,"
                    + " waiting at most N seconds (capped at 60); without it the answer comes as soon as the change"
                    + " is accepted.");

    /** What SmallRye writes for {@code @NotBlank}: a non-blank character somewhere, which is not a whole match. */
    static final String NOT_BLANK = "\\S";
    static final String NOT_BLANK_ANCHORED = "^[\\s\\S]*\\S[\\s\\S]*$";

    /**
     * Bean Validation's {@code @Pattern} matches the whole value; in a JSON schema a pattern matches anywhere unless
     * anchored, so every pattern is anchored to say the same (SmallRye's own UUID schema's too).
     */
    @Override
    public Schema filterSchema(Schema schema) {
        String pattern = schema.getPattern();
        if (NOT_BLANK.equals(pattern)) {
            schema.setPattern(NOT_BLANK_ANCHORED);
        } else if (pattern != null && !(pattern.startsWith("^") && pattern.endsWith("$"))) {
            schema.setPattern("^(?:" + pattern + ")$");
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            if (path.startsWith("/api/")) {
                declareCommonAnswers(path, method, operation);
            }
        }));
    }

    private static void declareCommonAnswers(String path, PathItem.HttpMethod method, Operation operation) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponses responses = operation.getResponses();
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        parameters.stream().filter(p -> p.getDescription() == null && STANDARD_PARAMETERS.containsKey(p.getName()))
                .forEach(p -> p.setDescription(STANDARD_PARAMETERS.get(p.getName())));
        boolean body = operation.getRequestBody() != null;
        if (body || !parameters.isEmpty()) {
            declare(responses, "400", "A parameter, header or body value is not one this operation takes; `field`"
                    + " names it and `detail` says why. Nothing was changed.");
        }
        declare(responses, "401", "No bearer token, or one that is expired or not signed by this system's key.");
        declare(responses, "403", "The token's role may not do this: changes need the role operator.");
        if (path.contains("{")) {
            declare(responses, "404", "Nothing by the name or id the path gives.");
        }
        declare(responses, "406", "The Accept header names no type this operation answers in.");
        if (CHANGES.contains(method)) {
            declare(responses, "409", "Another change to the same objects was made at the same moment and won;"
                    + " nothing was changed, try again.");
        }
        declare(responses, "413", "The body is longer than the service reads.");
        if (body) {
            declare(responses, "415", "The body is not `application/json`.");
        }
        responses.addAPIResponse("414", OASFactory.createAPIResponse().description("The request line is longer than "
                + lineLimit() + " bytes. The HTTP layer answers before the service reads the request, with no body; a"
                + " value over its own bound within that is a 400 naming it."));
        declare(responses, "500", "The service failed to handle the request; its log says why.");
        declare(responses, "503", "The service cannot reach its database now; `Retry-After` says when to try again.");
        responses.getAPIResponse("503").addHeader("Retry-After", header("Seconds to wait before trying again.",
                SchemaType.INTEGER));
        responses.getAPIResponses().forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                if (response.getContent() == null && !status.equals("414")) {
                    response.setContent(problemContent());
                }
            } else if (status.equals("200") && parameters.stream().anyMatch(p -> p.getName().equals("cursor"))) {
                response.addHeader("Link", header("`<...?cursor=C&limit=N>; rel=\"next\"` (RFC 8288) when"
                        + " another page follows.", SchemaType.STRING));
            }
            if (status.startsWith("2") && parameters.stream().anyMatch(p -> p.getName().equals("Prefer"))) {
                response.addHeader("Preference-Applied", header("`wait=N`, the wait that was applied, when the"
                        + " request asked for one.", SchemaType.STRING));
            }
        });
    }

    /** Adds the answer unless the operation declares it itself; then only its missing description. */
    private static void declare(APIResponses responses, String status, String description) {
        APIResponse declared = responses.getAPIResponse(status);
        if (declared == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description));
        } else if (declared.getDescription() == null || declared.getDescription().isBlank()
                || declared.getDescription().startsWith("Not ")) {
            declared.setDescription(description);
        }
    }

    private static int lineLimit() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.limits.max-initial-line-length", Integer.class)
                .orElse(4096);
    }

    private static Header header(String description, SchemaType type) {
        return OASFactory.createHeader().description(description).schema(OASFactory.createSchema().addType(type));
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM)));
    }

    /** RFC 9457 problem details, as {@link Problem} writes them. */
    private static Schema problemSchema() {
        Schema violation = OASFactory.createObject(Schema.class).addType(SchemaType.OBJECT)
                .addProperty("field", string("The field or parameter at fault."))
                .addProperty("reason", string("What is wrong with its value."))
                .required(List.of("field", "reason"));
        return OASFactory.createObject(Schema.class).addType(SchemaType.OBJECT)
                .description("An error, as RFC 9457 problem details.")
                .addProperty("type", string("Always `about:blank`: the status says what kind of error it is."))
                .addProperty("title", string("The status's reason phrase."))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code."))
                .addProperty("detail", string("What went wrong, in words that name the value at fault."))
                .addProperty("instance", string("The path of the request."))
                .addProperty("field", string("The body field, path or query parameter or header at fault, when one"
                        + " is (`interfaces[2]`, `tunnel.source`, `pid`, `Prefer`, `Authorization`)."))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(violation)
                        .description("Every field at fault, when several are."))
                .required(List.of("type", "title", "status"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}

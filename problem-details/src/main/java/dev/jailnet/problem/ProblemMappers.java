package dev.jailnet.problem;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every error a service can meet into problem details; never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    /** How long a client should wait before trying again while a dependency is down. */
    static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response rejected(Rejected e, UriInfo uri) {
        return problem(e.kind().status, e.kind().title, e.getMessage(), uri, e.field(), null);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                .map(v -> new Problem.Violation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        String detail = violations.stream().map(v -> v.field() + ": " + v.reason()).collect(Collectors.joining("; "));
        String field = violations.isEmpty() ? null : violations.get(0).field();
        return problem(400, "Bad Request", detail, uri, field, violations);
    }

    /** Declared for the subtype too: Quarkus maps it itself otherwise, with a body of its own. */
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return unreadable(e, uri);
    }

    /** Jackson's words when a value of another JSON type than declared is refused (see StrictJson). */
    private static final Pattern COERCION_REFUSED = Pattern.compile("^Cannot coerce [\\w -]+ value \\((.*?)\\) to ");

    @ServerExceptionMapper
    public Response unreadable(JsonMappingException e, UriInfo uri) {
        String field = pathOf(e);
        String reason;
        if (e instanceof UnrecognizedPropertyException unknown) {
            reason = "unknown field '" + unknown.getPropertyName() + "'";
        } else if (e instanceof InvalidFormatException format) {
            reason = "'" + format.getValue() + "' is not a valid " + typeName(format.getTargetType());
        } else if (e instanceof MismatchedInputException && String.valueOf(e.getOriginalMessage())
                .startsWith("Trailing token")) {
            return problem(400, "Bad Request", "the body holds more than its one JSON value: something follows it", uri,
                    "body", null);
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            Matcher sent = COERCION_REFUSED.matcher(String.valueOf(mismatch.getOriginalMessage()));
            reason = field == null ? "the body must be a JSON object"
                    : sent.find() ? "'" + shortened(sent.group(1).replaceAll("^\"(.*)\"$", "$1")) + "' is not a valid "
                            + typeName(mismatch.getTargetType())
                    : "must be a " + typeName(mismatch.getTargetType());
        } else {
            reason = e.getOriginalMessage();
        }
        return problem(400, "Bad Request", field == null ? reason : field + ": " + reason, uri, field, null);
    }

    /** Jackson's words for a field given twice in one object (see StrictJson). */
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '(.*)'$");

    @ServerExceptionMapper
    public Response malformed(JsonParseException e, UriInfo uri) {
        Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.matches()) {
            String field = duplicate.group(1);
            return problem(400, "Bad Request", field + ": given twice; a field is given once", uri, field, null);
        }
        return problem(400, "Bad Request", "malformed JSON: " + e.getOriginalMessage(), uri, null, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        Throwable cause = e.getCause();
        if (cause instanceof JsonMappingException mapping) {
            return unreadable(mapping, uri);
        }
        if (cause instanceof JsonParseException parse) {
            return malformed(parse, uri);
        }
        return problem(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), uri, null, null);
    }

    /**
     * An outage of a dependency is 503 with {@code Retry-After}; a conflict with another transaction that
     * outlasted the retries is 409; anything else is the service's own fault, 500 and a log line.
     */
    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        return switch (Failure.of(e)) {
            case UNAVAILABLE -> {
                LOG.warnf("%s: a dependency is unreachable: %s", uri.getPath(), rootMessage(e));
                yield Response.fromResponse(problem(503, "Service Unavailable",
                        "the service cannot reach its database now; try again later (a change that was made meanwhile"
                                + " is refused as done)", uri, null,
                        null)).header("Retry-After", RETRY_AFTER_SECONDS).build();
            }
            case CONFLICT -> {
                LOG.infof("%s: conflicting transactions: %s", uri.getPath(), rootMessage(e));
                yield problem(409, "Conflict", "another change to the same objects was made at the same moment;"
                        + " nothing was changed, try again", uri, null, null);
            }
            case OTHER -> {
                LOG.errorf(e, "unexpected error on %s", uri.getPath());
                yield problem(500, "Internal Server Error", "the service failed to handle the request; see its log",
                        uri, null, null);
            }
        };
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /** A problem details answer; every mapper of every service builds its answer here. */
    public static Response problem(int status, String title, String detail, UriInfo uri, String field,
                                    List<Problem.Violation> errors) {
        Problem body = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), field,
                errors);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(body).build();
    }

    /**
     * {@code create.request.name} becomes {@code name}, {@code interfaces[0]} keeps its index: the method
     * and the body parameter are not the client's words. A query or path parameter keeps its own name.
     */
    static String fieldOf(ConstraintViolation<?> violation) {
        List<String> parts = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            switch (node.getKind()) {
                case PARAMETER -> parameter = node.getName();
                case PROPERTY, CONTAINER_ELEMENT, BEAN -> {
                    String index = node.getIndex() == null ? "" : "[" + node.getIndex() + "]";
                    if (node.getName() != null && !node.getName().startsWith("<")) {
                        parts.add(jsonName(violation.getLeafBean(), node.getName()) + index);
                    } else if (!parts.isEmpty()) {
                        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + index);
                    }
                }
                default -> {
                }
            }
        }
        if (parts.isEmpty()) {
            return parameter == null ? "body" : parameter;
        }
        return String.join(".", parts);
    }

    /** The name the client wrote: a record component renamed with {@code @JsonProperty} keeps the JSON name. */
    private static String jsonName(Object bean, String property) {
        if (bean == null) {
            return property;
        }
        try {
            JsonProperty renamed = bean.getClass().getDeclaredField(property).getAnnotation(JsonProperty.class);
            return renamed == null || renamed.value().isEmpty() ? property : renamed.value();
        } catch (NoSuchFieldException e) {
            return property;
        }
    }

    private static String pathOf(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return null;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "value";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "boolean (true or false)";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "number";
        }
        if (type == String.class) {
            return "string";
        }
        if (type.isEnum()) {
            return "one of " + List.of(type.getEnumConstants());
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "list";
        }
        return "JSON object";
    }
}

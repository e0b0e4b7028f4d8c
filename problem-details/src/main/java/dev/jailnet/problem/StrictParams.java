package dev.jailnet.problem;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Path and query values checked against the types their resource method declares, before they are converted:
 * JAX-RS answers a path or query value it cannot convert with a bare 404 (its specification requires it), and
 * reads {@code ?dying=maybe} as false. Here either is a 400 naming the parameter and saying what it takes.
 * A value of any type that holds U+0000 is refused too ({@link StorableText}), whether declared or not. As a body's
 * fields are ({@link StrictJson}), a query parameter the method does not take ({@code ?limt=5} would list a
 * default page as if asked) and one given twice (JAX-RS would take the first) are refused.
 */
public class StrictParams {

    /** A path or query parameter of a resource method, with its declared type. */
    record Declared(String name, boolean inPath, Class<?> type) {
    }

    /** What a resource method takes: its query parameters' names, and the parameters whose values are checked. */
    record Taken(List<String> query, List<Declared> checked) {

        static Taken by(Method method) {
            List<Declared> declared = declared(method);
            return new Taken(declared.stream().filter(p -> !p.inPath()).map(Declared::name).toList(),
                    declared.stream().filter(p -> StrictParams.checked(p.type())).toList());
        }
    }

    private static final Map<Method, Taken> TAKEN = new ConcurrentHashMap<>();
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?[0-9]{1,19}");

    @ServerRequestFilter
    public void check(UriInfo uri, ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return;
        }
        refuseUnstorable(uri.getPathParameters());
        refuseUnstorable(uri.getQueryParameters());
        Taken taken = TAKEN.computeIfAbsent(method, Taken::by);
        refuseUndeclared(uri.getQueryParameters(), taken.query());
        for (Declared param : taken.checked()) {
            MultivaluedMap<String, String> values = param.inPath() ? uri.getPathParameters() : uri.getQueryParameters();
            for (String value : values.getOrDefault(param.name(), List.of())) {
                String refusal = refusal(param.type(), value);
                if (refusal != null) {
                    throw Rejected.invalid(param.name(), refusal);
                }
            }
        }
    }

    static void refuseUnstorable(MultivaluedMap<String, String> values) {
        for (Map.Entry<String, List<String>> param : values.entrySet()) {
            for (String value : param.getValue()) {
                if (!StorableText.isStorable(value)) {
                    throw Rejected.invalid(param.getKey(), StorableText.REFUSAL);
                }
            }
        }
    }

    static void refuseUndeclared(MultivaluedMap<String, String> values, List<String> taken) {
        for (Map.Entry<String, List<String>> param : values.entrySet()) {
            if (!taken.contains(param.getKey())) {
                String shown = shortened(param.getKey());
                throw Rejected.invalid(shown, "unknown query parameter '" + shown + "'; " + (taken.isEmpty()
                        ? "this request takes none" : "this request takes " + String.join(", ", taken)));
            }
            if (param.getValue().size() > 1) {
                throw Rejected.invalid(param.getKey(), "given " + param.getValue().size() + " times; a query"
                        + " parameter is given once");
            }
        }
    }

    private static List<Declared> declared(Method method) {
        List<Declared> declared = new ArrayList<>();
        for (Parameter parameter : method.getParameters()) {
            Class<?> type = parameter.getType();
            for (Annotation annotation : parameter.getAnnotations()) {
                String name = annotation instanceof RestQuery q ? q.value()
                        : annotation instanceof QueryParam q ? q.value()
                        : annotation instanceof RestPath p ? p.value()
                        : annotation instanceof PathParam p ? p.value()
                        : null;
                if (name != null) {
                    boolean inPath = annotation instanceof RestPath || annotation instanceof PathParam;
                    declared.add(new Declared(name.isEmpty() ? parameter.getName() : name, inPath, type));
                }
            }
        }
        return declared;
    }

    private static boolean checked(Class<?> type) {
        return type == boolean.class || type == Boolean.class || type == int.class || type == Integer.class
                || type == long.class || type == Long.class || type == UUID.class || type.isEnum();
    }

    /** Why {@code value} is not one of {@code type}'s, or null when it is. */
    static String refusal(Class<?> type, String value) {
        String shown = "'" + shortened(value) + "'";
        if (type == boolean.class || type == Boolean.class) {
            return value.equals("true") || value.equals("false") ? null : "must be true or false, not " + shown;
        }
        if (type == int.class || type == Integer.class) {
            return within(value, Integer.MIN_VALUE, Integer.MAX_VALUE) ? null
                    : "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ", not " + shown;
        }
        if (type == long.class || type == Long.class) {
            return within(value, Long.MIN_VALUE, Long.MAX_VALUE) ? null : "must be a whole number, not " + shown;
        }
        if (type == UUID.class) {
            return UUID_TEXT.matcher(value).matches() ? null
                    : "must be a UUID (8-4-4-4-12 hexadecimal digits), not " + shown;
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
        return names.contains(value) ? null
                : "must be one of " + String.join(", ", names) + ", not " + shown;
    }

    /** A value as an answer shows it: its first 40 characters. */
    private static String shortened(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }

    private static boolean within(String value, long min, long max) {
        if (!WHOLE_NUMBER.matcher(value).matches()) {
            return false;
        }
        try {
            long number = Long.parseLong(value);
            return number >= min && number <= max;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A small REST client for the verbs: JSON in, JSON out, problem details turned into an error. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*\\brel=\"?next\"?");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Api() {
    }

    static JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), TIMEOUT);
    }

    /** Without a token: for what is open to every local client (the control endpoint's status). */
    static JsonNode getAnonymously(String url) {
        return read(exchange(HttpRequest.newBuilder(URI.create(url)).GET(), TIMEOUT));
    }

    /** Every item of a list, page after page: follows each answer's {@code Link: <...>; rel="next"}. */
    static List<JsonNode> list(String url) {
        List<JsonNode> items = new ArrayList<>();
        pages(url).forEach(page -> page.forEach(items::add));
        return items;
    }

    /** Every page's answer, following each answer's {@code Link: <...>; rel="next"}. */
    static List<JsonNode> pages(String url) {
        List<JsonNode> pages = new ArrayList<>();
        for (String next = url; next != null; ) {
            HttpResponse<String> page = exchange(withOperatorToken(HttpRequest.newBuilder(URI.create(next)).GET()),
                    TIMEOUT);
            pages.add(read(page));
            next = page.headers().allValues("Link").stream().map(Api::nextPage).filter(Objects::nonNull).findFirst()
                    .orElse(null);
        }
        return pages;
    }

    /** The target of an RFC 8288 link whose relation is next, or null. */
    static String nextPage(String link) {
        Matcher next = NEXT.matcher(link);
        return next.find() ? next.group(1) : null;
    }

    static JsonNode post(String url, Object body) {
        return post(url, body, TIMEOUT);
    }

    /** How long a verb waits for its effects, as a FreeBSD command returns once its change is made. */
    static final Duration EFFECTS = Duration.ofSeconds(60);

    /**
     * A write ({@code POST}, {@code PUT}, {@code DELETE}; {@code body} null for none) that asks to be answered once
     * its effects are visible ({@code Prefer: wait}); an error, from the problem details, if it is refused.
     */
    static Written write(String method, String url, Object body) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .header("Prefer", "wait=" + EFFECTS.toSeconds())
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            HttpResponse<String> response = exchange(withOperatorToken(request), EFFECTS.plus(TIMEOUT));
            return new Written(response.statusCode(), read(response));
        } catch (IOException e) {
            throw new ApiException(0, "cannot encode the request: " + e.getMessage());
        }
    }

    /** A write's answer: 202 when its effects were not visible within the wait. */
    record Written(int status, JsonNode body) {
        boolean settled() {
            return status != 202;
        }
    }

    /**
     * With a longer {@code timeout} for what takes long by nature (a component's start), and the bearer
     * {@code token} of the system called (the control endpoint of a {@code jailnet up} on another port; null
     * for none).
     */
    static JsonNode post(String url, Object body, Duration timeout, String token) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return read(exchange(request, timeout));
        } catch (IOException e) {
            throw new ApiException(0, "cannot encode the request: " + e.getMessage());
        }
    }

    static JsonNode post(String url, Object body, Duration timeout) {
        return post(url, body, timeout, Credentials.operatorToken().orElse(null));
    }

    private static JsonNode send(HttpRequest.Builder request, Duration timeout) {
        return read(exchange(withOperatorToken(request), timeout));
    }

    /** The operator's token this command found ({@link Credentials}), when it found one. */
    private static HttpRequest.Builder withOperatorToken(HttpRequest.Builder request) {
        Credentials.operatorToken().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                String detail = body.path("detail").asText(response.body());
                String field = body.path("field").asText("");
                throw new ApiException(response.statusCode(), response.statusCode() + " "
                        + body.path("title").asText("") + ": " + detail + (field.isEmpty() ? "" : " (" + field + ")"));
            }
            return body;
        } catch (IOException e) {
            throw new ApiException(response.statusCode(), "the answer of " + response.uri() + " is not JSON: "
                    + e.getMessage());
        }
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request, Duration timeout) {
        HttpRequest built = request.timeout(timeout).build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(0, "cannot reach " + built.uri() + " (" + e.getClass().getSimpleName()
                    + "); is the system up? (./jailnet up)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted");
        }
    }

    /** A request that failed: {@code status} is the HTTP status, 0 when there was no answer. */
    static final class ApiException extends RuntimeException {
        private final int status;

        ApiException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}

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

    private Api() {
    }

    static JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    /** Every item of a list, page after page: follows each answer's {@code Link: <...>; rel="next"}. */
    static List<JsonNode> list(String url) {
        List<JsonNode> items = new ArrayList<>();
        String next = url;
        while (next != null) {
            HttpResponse<String> page = exchange(HttpRequest.newBuilder(URI.create(next)).GET());
            read(page).forEach(items::add);
            next = page.headers().allValues("Link").stream().map(Api::nextPage).filter(Objects::nonNull).findFirst()
                    .orElse(null);
        }
        return items;
    }

    /** The target of an RFC 8288 link whose relation is next, or null. */
    static String nextPage(String link) {
        Matcher next = NEXT.matcher(link);
        return next.find() ? next.group(1) : null;
    }

    static JsonNode post(String url, Object body) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (IOException e) {
            throw new ApiException("cannot encode the request: " + e.getMessage());
        }
    }

    private static JsonNode send(HttpRequest.Builder request) {
        return read(exchange(request));
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                String detail = body.path("detail").asText(response.body());
                throw new ApiException(response.statusCode() + " " + body.path("title").asText("") + ": " + detail);
            }
            return body;
        } catch (IOException e) {
            throw new ApiException("the answer of " + response.uri() + " is not JSON: " + e.getMessage());
        }
    }

    private static HttpResponse<String> exchange(HttpRequest.Builder request) {
        HttpRequest built = request.timeout(Duration.ofSeconds(30)).build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException("cannot reach " + built.uri() + " (" + e.getClass().getSimpleName()
                    + "); is the system up? (./jailnet up)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException("interrupted");
        }
    }

    static final class ApiException extends RuntimeException {
        ApiException(String message) {
            super(message);
        }
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small REST client for the verbs: JSON in, JSON out, problem details turned into an error. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Api() {
    }

    static JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), TIMEOUT);
    }

    static JsonNode post(String url, Object body) {
        return post(url, body, TIMEOUT);
    }

    /** With a longer {@code timeout} for what takes long by nature (a component's start). */
    static JsonNode post(String url, Object body, Duration timeout) {
        try {
            return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))), timeout);
        } catch (IOException e) {
            throw new ApiException(0, "cannot encode the request: " + e.getMessage());
        }
    }

    private static JsonNode send(HttpRequest.Builder request, Duration timeout) {
        HttpRequest built = request.timeout(timeout).build();
        try {
            HttpResponse<String> response = HTTP.send(built, HttpResponse.BodyHandlers.ofString());
            JsonNode body = response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
            if (response.statusCode() >= 400) {
                String detail = body.path("detail").asText(response.body());
                throw new ApiException(response.statusCode(), response.statusCode() + " "
                        + body.path("title").asText("") + ": " + detail);
            }
            return body;
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

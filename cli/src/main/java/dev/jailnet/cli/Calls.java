package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The REST calls a client makes to the system. Strict, any failure is an error at once (the benchmark, the
 * tests). Patient ({@code jailnet chaos}), what a fault causes is retried with a backoff, honouring
 * {@code Retry-After}, until a deadline, and counted in {@link ClientErrors}: no answer (connection refused,
 * lost, timed out), 503 (the service cannot reach its database), 409 without a field (a conflicting
 * transaction: nothing was changed) and 5xx. A write whose attempt got no answer, or a 5xx, may have been
 * applied: the database may stop between a commit and the answer, even between a commit and its own
 * acknowledgement. When its retry is then refused as done already (a POST or PUT answered 409 naming a field, a
 * DELETE answered 404), that attempt is taken as the one that applied, and the answer is a {@link MissingNode}.
 * Only a refused connection (the request never arrived) and a conflicting transaction's 409 are sure to have
 * changed nothing.
 */
public final class Calls {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long FIRST_BACKOFF_MILLIS = 100;
    private static final long LAST_BACKOFF_MILLIS = 2_000;

    private final Duration patience;
    private final ClientErrors errors;
    private final String token;

    private Calls(Duration patience, ClientErrors errors, String token) {
        this.patience = patience;
        this.errors = errors;
        this.token = token;
    }

    /** Every call carries {@code token} (an operator's, to change anything) as its bearer token. */
    public static Calls strict(String token) {
        return new Calls(Duration.ZERO, new ClientErrors(), token);
    }

    /** Retries what a fault causes for up to {@code patience} per call, counting into {@code errors}. */
    public static Calls patient(Duration patience, ClientErrors errors, String token) {
        return new Calls(patience, errors, token);
    }

    public JsonNode get(String url) {
        return send(request(url).GET()).body();
    }

    /** Every item of a list, page after page: each answer links the next ({@link Api#nextPage}). */
    public List<JsonNode> list(String url) {
        List<JsonNode> items = new ArrayList<>();
        pages(url).forEach(page -> page.forEach(items::add));
        return items;
    }

    /** Every page's answer, following each answer's {@code Link: <...>; rel="next"}. */
    public List<JsonNode> pages(String url) {
        List<JsonNode> pages = new ArrayList<>();
        for (String next = url; next != null; ) {
            Answer page = send(request(next).GET());
            pages.add(page.body());
            next = page.next();
        }
        return pages;
    }

    public JsonNode post(String url, Object body) {
        return send(request(url).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body)))).body();
    }

    public JsonNode put(String url, Object body) {
        return send(request(url).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body)))).body();
    }

    public JsonNode delete(String url) {
        return send(request(url).DELETE()).body();
    }

    /**
     * A POST that asks to be answered once its effects are visible ({@code Prefer: wait}, RFC 7240): the answer
     * then, empty when the wait ended first (202) or an earlier attempt applied it, whose effects may be pending.
     */
    public Optional<JsonNode> postAndWait(String url, Object body, Duration wait) {
        return waiting(request(url).POST(HttpRequest.BodyPublishers.ofString(json(body))), wait);
    }

    /** The same for a PUT. */
    public Optional<JsonNode> putAndWait(String url, Object body, Duration wait) {
        return waiting(request(url).PUT(HttpRequest.BodyPublishers.ofString(json(body))), wait);
    }

    private Optional<JsonNode> waiting(HttpRequest.Builder write, Duration wait) {
        Answer answer = send(write.header("Content-Type", "application/json")
                .header("Prefer", "wait=" + wait.toSeconds()).timeout(wait.plus(REQUEST_TIMEOUT)));
        return answer.status() == 202 || answer.body().isMissingNode() ? Optional.empty() : Optional.of(answer.body());
    }

    private static HttpRequest.Builder request(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT);
    }

    /** An answer's status and body, and the next page's URL when it is a page of a longer list. */
    private record Answer(int status, JsonNode body, String next) {
    }

    private Answer send(HttpRequest.Builder builder) {
        HttpRequest request = builder.header("Authorization", "Bearer " + token).build();
        String what = request.method() + " " + request.uri();
        long deadline = System.nanoTime() + patience.toNanos();
        long backoff = FIRST_BACKOFF_MILLIS;
        boolean mayHaveApplied = false;
        while (true) {
            Attempt attempt = attempt(request, what);
            if (attempt.answer() != null) {
                return attempt.answer();
            }
            if (mayHaveApplied && attempt.doneAlready(request.method())) {
                errors.count(ClientErrors.Kind.APPLIED_EARLIER, what);
                return new Answer(attempt.status(), MissingNode.getInstance(), null);
            }
            if (attempt.kind() == null || System.nanoTime() > deadline) {
                throw new Failed(attempt.status(), patience.isZero() || attempt.kind() == null ? attempt.failure()
                        : attempt.failure() + " (gave up retrying after " + patience.toSeconds() + " s)");
            }
            errors.count(attempt.kind(), what + ": " + attempt.failure());
            mayHaveApplied |= attempt.kind() != ClientErrors.Kind.REFUSED && attempt.kind() != ClientErrors.Kind.CONFLICT;
            Pause.millis(Math.max(backoff, attempt.retryAfterMillis()));
            backoff = Math.min(2 * backoff, LAST_BACKOFF_MILLIS);
        }
    }

    /** A call that failed for good: {@code status} is the last answer's HTTP status, 0 when there was none. */
    public static final class Failed extends IllegalStateException {
        private final int status;

        Failed(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /**
     * One try: the answer's body, or why there is none; {@code kind} is null for a failure no retry mends (a
     * refusal of the request itself).
     */
    private record Attempt(Answer answer, ClientErrors.Kind kind, String failure, int status, boolean namesField,
                           long retryAfterMillis) {

        static Attempt failed(ClientErrors.Kind kind, String failure) {
            return new Attempt(null, kind, failure, 0, false, 0);
        }

        /** The request is refused as done already: a POST or PUT's object exists, a DELETE's is gone. */
        boolean doneAlready(String method) {
            return method.equals("DELETE") ? status == 404 : status == 409 && namesField;
        }
    }

    private static Attempt attempt(HttpRequest request, String what) {
        HttpResponse<String> response;
        try {
            response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            return Attempt.failed(ClientErrors.Kind.REFUSED, "cannot reach " + request.uri() + ": " + e);
        } catch (IOException e) {
            return Attempt.failed(ClientErrors.Kind.NO_ANSWER, "no answer from " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = response.statusCode();
        JsonNode body;
        try {
            body = response.body().isEmpty() ? Api.JSON.nullNode() : Api.JSON.readTree(response.body());
        } catch (IOException e) {
            body = Api.JSON.nullNode();
        }
        if (status < 400) {
            String next = response.headers().allValues("Link").stream().map(Api::nextPage).filter(Objects::nonNull)
                    .findFirst().orElse(null);
            return new Attempt(new Answer(status, body, next), null, null, status, false, 0);
        }
        String failure = what + ": " + status + " " + response.body();
        boolean namesField = body.hasNonNull("field");
        long retryAfter = response.headers().firstValue("Retry-After").map(Calls::seconds).orElse(0L) * 1000;
        ClientErrors.Kind kind = status == 503 ? ClientErrors.Kind.UNAVAILABLE
                : status == 409 && !namesField ? ClientErrors.Kind.CONFLICT
                : status >= 500 ? ClientErrors.Kind.SERVER_ERROR
                : null;
        return new Attempt(null, kind, failure, status, namesField, retryAfter);
    }

    private static long seconds(String retryAfter) {
        try {
            return Long.parseLong(retryAfter.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String json(Object body) {
        try {
            return Api.JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

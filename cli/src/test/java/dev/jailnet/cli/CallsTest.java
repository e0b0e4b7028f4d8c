package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CallsTest {

    /** What the fake service answers, one per request: a status and a body, or {@link #NONE}. */
    private record Answer(int status, String body, Map<String, String> headers) {
        static Answer of(int status, String body) {
            return new Answer(status, body, Map.of());
        }
    }

    /** The connection is closed without an answer, as by a service killed in the middle of the request. */
    private static final Answer NONE = new Answer(0, "", Map.of());

    private final Deque<Answer> answers = new ArrayDeque<>();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;
    private ClientErrors errors;
    private Calls patient;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        errors = new ClientErrors();
        patient = Calls.patient(Duration.ofSeconds(10), errors, "a-token");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private synchronized void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Answer answer = answers.remove();
        try (exchange) {
            if (answer == NONE) {
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/jails";
    }

    @Test
    void aWriteWhoseAnswerWasLostIsTakenAsDoneWhenItsRetryIsRefusedAsDoneAlready() {
        answers.add(NONE);
        answers.add(Answer.of(409, "{\"status\":409,\"field\":\"name\",\"detail\":\"a jail named 'web' exists\"}"));

        JsonNode answer = patient.post(url(), Map.of("name", "web"));

        assertThat(answer.isMissingNode()).isTrue();
        assertThat(errors.count(ClientErrors.Kind.NO_ANSWER)).isEqualTo(1);
        assertThat(errors.count(ClientErrors.Kind.APPLIED_EARLIER)).isEqualTo(1);
    }

    @Test
    void aDeleteWhoseAnswerWasLostIsDoneWhenItsRetryFindsNothing() {
        answers.add(NONE);
        answers.add(Answer.of(404, "{\"status\":404,\"field\":\"jid\"}"));

        assertThat(patient.delete(url() + "/3").isMissingNode()).isTrue();
    }

    @Test
    void anOutageIsRetriedAndCounted() {
        answers.add(new Answer(503, "{\"status\":503}", Map.of("Retry-After", "0")));
        answers.add(Answer.of(409, "{\"status\":409,\"detail\":\"another change to the same objects\"}"));
        answers.add(Answer.of(201, "{\"jid\":3}"));

        assertThat(patient.post(url(), Map.of("name", "web")).path("jid").asInt()).isEqualTo(3);
        assertThat(errors.count(ClientErrors.Kind.UNAVAILABLE)).isEqualTo(1);
        assertThat(errors.count(ClientErrors.Kind.CONFLICT)).isEqualTo(1);
        assertThat(errors.retried()).isEqualTo(2);
    }

    @Test
    void aWriteAnswered503ThatWasMadeAnywayIsTakenAsDone() {
        answers.add(new Answer(503, "{\"status\":503}", Map.of("Retry-After", "0")));
        answers.add(Answer.of(409, "{\"status\":409,\"field\":\"destination\",\"detail\":\"route exists (EEXIST)\"}"));

        assertThat(patient.post(url(), Map.of("destination", "10.1.3.0/24")).isMissingNode()).isTrue();
        assertThat(errors.count(ClientErrors.Kind.APPLIED_EARLIER)).isEqualTo(1);
    }

    @Test
    void aRefusalOfTheRequestItselfIsNotRetriedEvenByAPatientClient() {
        answers.add(Answer.of(409, "{\"status\":409,\"field\":\"name\"}"));

        assertThatThrownBy(() -> patient.post(url(), Map.of("name", "web"))).isInstanceOf(Calls.Failed.class)
                .extracting(e -> ((Calls.Failed) e).status()).isEqualTo(409);
        assertThat(requests.get()).isEqualTo(1);
    }

    @Test
    void aStrictClientFailsAtTheFirstOutage() {
        answers.add(Answer.of(503, "{\"status\":503}"));

        assertThatThrownBy(() -> Calls.strict("a-token").get(url())).isInstanceOf(Calls.Failed.class).hasMessageContaining("503");
        assertThat(requests.get()).isEqualTo(1);
    }
}

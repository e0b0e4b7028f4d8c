package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jailnet.cli.ChaosCommand;
import dev.jailnet.cli.ControlServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code jailnet chaos}, small, against the system as {@code jailnet up} runs it (its own, since it kills
 * everything in turn) and its control endpoint: every kind of fault once, under four clients.
 */
class ChaosIT {

    private static final int LIFECYCLES = 24;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static LocalProcesses processes;
    private static ControlServer control;

    @BeforeAll
    static void start() throws Exception {
        processes = LocalProcesses.start(Files.createTempDirectory("jailnet-chaos"));
        control = ControlServer.start(processes.system(), 0);
    }

    @AfterAll
    static void stop() {
        if (control != null) {
            control.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void everyLifecycleCompletesThroughEveryKindOfFaultAndNothingIsLostOrLeaked() throws Exception {
        Path out = Files.createTempFile("chaos", ".json");

        int exit = new CommandLine(new ChaosCommand()).execute("--control-port", Integer.toString(control.port()),
                "--lifecycles", Integer.toString(LIFECYCLES), "--clients", "4", "--outage-seconds", "2",
                "--pause-seconds", "3", "--out", out.toString());

        JsonNode results = new ObjectMapper().readTree(out.toFile());
        assertThat(results.path("faults")).extracting(f -> f.path("fault").asText()).containsExactly(
                "kill jail-service", "kill vnet-service", "kill ifnet-service", "kill routing-service", "stop postgres",
                "stop kafka", "pause postgres");
        assertThat(results.path("faults")).allSatisfy(f -> assertThat(f.path("error").isNull()).isTrue());
        assertThat(results.path("lifecycles").path("started").asInt()).isEqualTo(LIFECYCLES);
        assertThat(results.path("lifecycles").path("completed").asInt()).isEqualTo(LIFECYCLES);
        assertThat(results.path("deadLetters").path("count").asInt()).isZero();
        assertThat(results.path("events").path("duplicates")).isEmpty();
        assertThat(results.path("events").path("outOfOrder")).isEmpty();
        assertThat(results.path("audit").path("clean").asBoolean()).isTrue();
        assertThat(results.path("leftOfDestroyedVnets").path("count").asInt()).isZero();
        assertThat(results.path("system").path("synchronousCommit").asText()).isEqualTo("on");
        assertThat(results.path("clientErrors").path("REFUSED").asInt()).as("the clients met the faults").isPositive();
        assertThat(exit).isZero();
    }

    @Test
    void theControlEndpointSaysWhatItCannotDoAndAnswersNoWebPage() throws Exception {
        String components = "http://127.0.0.1:" + control.port() + "/components";

        assertThat(post(components + "/nosuch/kill").statusCode()).isEqualTo(404);
        assertThat(post(components + "/kafka/kill").statusCode()).as("the broker lives in this JVM").isEqualTo(400);
        assertThat(post(components + "/postgres/explode").statusCode()).isEqualTo(400);
        assertThat(post(components + "/postgres/pause").statusCode()).isEqualTo(200);
        try {
            assertThat(post(components + "/postgres/start").statusCode()).as("a paused server is resumed, not started")
                    .isEqualTo(409);
        } finally {
            assertThat(post(components + "/postgres/resume").statusCode()).isEqualTo(200);
        }
        HttpResponse<String> fromAPage = HTTP.send(HttpRequest.newBuilder(URI.create(components))
                .header("Origin", "http://example.test").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(fromAPage.statusCode()).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(components)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body()).path("components"))
                .allSatisfy(c -> assertThat(c.path("state").asText()).isEqualTo("RUNNING"));
    }

    private static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

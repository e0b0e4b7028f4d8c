package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jailnet.cli.Calls;
import dev.jailnet.cli.ChaosCommand;
import dev.jailnet.cli.ControlServer;
import dev.jailnet.cli.DeadLetterCount;
import dev.jailnet.cli.Leftovers;
import dev.jailnet.cli.Service;
import dev.jailnet.events.Topics;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import picocli.CommandLine;

/**
 * {@code jailnet chaos}, small, against the system as {@code jailnet up} runs it (its own, since it kills
 * everything in turn) and its control endpoint: every kind of fault once, under four clients; then that its
 * checks do find a dead letter and an object left behind, once the run is over.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    @Order(1)
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
    @Order(2)
    void theControlEndpointSaysWhatItCannotDoAndAnswersNoWebPage() throws Exception {
        String components = "http://127.0.0.1:" + control.port() + "/components";

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(components + "/postgres/kill"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).as("an action without an operator's token").isEqualTo(401);
        HttpResponse<String> viewer = HTTP.send(HttpRequest.newBuilder(URI.create(components + "/postgres/kill"))
                .header("Authorization", "Bearer " + Tokens.viewer()).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(viewer.statusCode()).as("an action with a viewer's token").isEqualTo(401);
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

    @Test
    @Order(3)
    void aRecordDeadLetteredSinceTheStartIsFoundWithItsReason() {
        DeadLetterCount deadLetters = DeadLetterCount.from(processes.kafkaBootstrap());

        KafkaProbe.produce(processes.kafkaBootstrap(), Topics.JAIL_EVENTS, "vnet-poison",
                "not a message".getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(deadLetters.since())
                .anySatisfy(line -> assertThat(line).contains("key vnet-poison").contains("consumer vnet-service")));
    }

    @Test
    @Order(4)
    void anObjectMadeDuringARunAndLeftBehindIsFound() {
        Map<Service, List<String>> urls = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            urls.put(service, List.of(processes.url(service)));
        }
        Leftovers leftovers = new Leftovers(Calls.strict(Tokens.operator()), urls);
        Set<String> before = leftovers.objects();
        String ifs = processes.url(Service.IFNET) + "/api/vnets/vnet0/interfaces";
        String epair = Calls.strict(Tokens.operator()).post(ifs, Map.of("cloner", "epair")).path("name").asText();
        try {
            assertThat(leftovers.ofDestroyed(List.of(), before)).hasSize(2)
                    .allSatisfy(line -> assertThat(line).startsWith("ifnet-service still has ifnet:"));
        } finally {
            Calls.strict(Tokens.operator()).delete(ifs + "/" + epair);
        }
        // destroyed, an interface waits for routing to let go of it: then it is gone from the ledger too
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(leftovers.ofDestroyed(List.of(), before)).isEmpty());
    }

    /** As an operator. */
    private static HttpResponse<String> post(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + Tokens.operator())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}

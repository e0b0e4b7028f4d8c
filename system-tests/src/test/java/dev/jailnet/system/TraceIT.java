package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.localstack.TopicWatcher;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A jail's removal is one trace, exported by OTLP from all four services: its REST call, the handling of every
 * message it causes (the vnet_shutdown saga's steps in vnet-, ifnet- and routing-service) and {@code VnetDestroyed}
 * freeing the jail, one tree under the call.
 */
class TraceIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Set<String> SERVICES = Set.of("jail-service", "vnet-service", "ifnet-service",
            "routing-service");

    private static OtlpReceiver receiver;
    private static LocalProcesses processes;
    private static TopicWatcher jailEvents;
    private static StandardJail standard;

    @BeforeAll
    static void start() throws Exception {
        receiver = OtlpReceiver.start();
        processes = LocalProcesses.start(Files.createTempDirectory("jailnet-trace"), Map.of(
                "jailnet.otlp.endpoint", receiver.endpoint(), "quarkus.otel.bsp.schedule.delay", "100ms"));
        jailEvents = new TopicWatcher(processes.kafkaBootstrap(), Topics.JAIL_EVENTS);
        standard = processes.standardJail(jailEvents);
    }

    @AfterAll
    static void stop() {
        if (jailEvents != null) {
            jailEvents.close();
        }
        if (processes != null) {
            processes.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void aJailRemovalIsOneTreeOfSpansFromItsRestCallToVnetDestroyed() throws Exception {
        StandardJail.Built jail = standard.create("traced-" + UUID.randomUUID().toString().substring(0, 6));
        standard.remove(jail.jid());
        standard.awaitDestroyed(jail.vnetId());

        OtlpReceiver.Received removal = await().atMost(WAIT).until(TraceIT::removal, Optional::isPresent).orElseThrow();
        List<OtlpReceiver.Received> trace = await().atMost(WAIT).until(() -> trace(removal.traceId()),
                spans -> spans.stream().anyMatch(s -> s.service().equals("jail-service")
                        && s.name().equals("VnetDestroyed process")));
        System.out.println("the trace of jail " + jail.jid() + "'s removal:\n" + tree(trace, removal, ""));

        Set<String> ids = trace.stream().map(OtlpReceiver.Received::spanId).collect(Collectors.toSet());
        assertThat(trace.stream().filter(OtlpReceiver.Received::isRoot).toList()).as("the roots").containsExactly(removal);
        assertThat(trace).as("spans whose parent is not in the trace")
                .allMatch(s -> s.isRoot() || ids.contains(s.parentSpanId()));
        assertThat(trace.stream().map(OtlpReceiver.Received::service).collect(Collectors.toSet()))
                .as("the services in the trace").isEqualTo(SERVICES);
        assertThat(trace.stream().filter(s -> s.kind() == SpanKind.SPAN_KIND_CONSUMER)
                .map(s -> s.service() + " " + s.name()).collect(Collectors.toSet()))
                .as("the messages handled in the trace")
                .contains("ifnet-service SagaCommand FREEZE process", "routing-service SagaCommand FREEZE process",
                        "ifnet-service SagaCommand TUNNEL_CACHE_RELEASE process",
                        "routing-service SagaCommand RIB_FLUSH process", "ifnet-service SagaCommand IFNET_DETACH process",
                        "routing-service SagaCommand RTABLES_DESTROY process",
                        "vnet-service SagaReply RTABLES_DESTROY process", "jail-service VnetDestroyed process")
                .anyMatch(s -> s.startsWith("vnet-service Jail"));
        assertThat(Files.readAllLines(processes.system().service(Service.VNET).log()))
                .as("vnet-service's log lines of the trace")
                .anyMatch(line -> line.contains("traceId=" + removal.traceId()) && line.contains("VNET_SHUTDOWN")
                        && line.contains(jail.vnetId()) && line.contains("completed"));
    }

    /** The span of the REST call that removed the jail (jail-service's one DELETE of a jail in this test). */
    private static Optional<OtlpReceiver.Received> removal() {
        return receiver.spans().stream().filter(s -> s.service().equals("jail-service")
                && s.kind() == SpanKind.SPAN_KIND_SERVER && s.name().equals("DELETE /api/jails/{jail}")).findFirst();
    }

    private static List<OtlpReceiver.Received> trace(String traceId) {
        return receiver.spans().stream().filter(s -> s.traceId().equals(traceId)).toList();
    }

    private static String tree(List<OtlpReceiver.Received> trace, OtlpReceiver.Received at, String indent) {
        StringBuilder out = new StringBuilder(indent + at.service() + ": " + at.name() + "\n");
        trace.stream().filter(s -> s.parentSpanId().equals(at.spanId()))
                .sorted(Comparator.comparing(OtlpReceiver.Received::service).thenComparing(OtlpReceiver.Received::name))
                .forEach(child -> out.append(tree(trace, child, indent + "  ")));
        return out.toString();
    }
}

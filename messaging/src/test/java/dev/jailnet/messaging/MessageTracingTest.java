package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** The trace context travels from the span that writes a message, through the outbox and Kafka, to its handling. */
@QuarkusTest
@ServiceTest
class MessageTracingTest {

    /** The spans the service records, kept in memory for the test to read. */
    static class Spans {
        @Produces
        @Singleton
        InMemorySpanExporter exporter() {
            return InMemorySpanExporter.create();
        }
    }

    @Inject
    Outbox outbox;
    @Inject
    Tracer tracer;
    @Inject
    InMemorySpanExporter spans;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aMessageCarriesTheContextItWasWrittenUnderAndItsHandlingIsAChildSpanOfIt() {
        String vnet = "vnet-trace-" + UUID.randomUUID();
        Span call = tracer.spanBuilder("DELETE /api/jails/{jail}").setSpanKind(SpanKind.SERVER).startSpan();
        try (Scope scope = call.makeCurrent()) {
            QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.VNET_EVENTS, new VnetAlive(vnet, 7)));
        } finally {
            call.end();
        }
        String traceId = call.getSpanContext().getTraceId();

        ConsumerRecord<String, byte[]> record = recordOf(vnet);
        Header header = record.headers().lastHeader("traceparent");
        assertThat(header).as("the record's traceparent header").isNotNull();
        assertThat(new String(header.value(), StandardCharsets.UTF_8))
                .isEqualTo("00-" + traceId + "-" + call.getSpanContext().getSpanId() + "-01");

        // the recording handler consumes the VNET events: its handling is a consumer span under the call
        SpanData handling = await().atMost(Duration.ofSeconds(30)).until(() -> consumerSpan(traceId),
                Optional::isPresent).orElseThrow();
        assertThat(handling.getName()).isEqualTo("VnetAlive process");
        assertThat(handling.getParentSpanId()).isEqualTo(call.getSpanContext().getSpanId());
        assertThat(handling.getAttributes().asMap().toString()).contains(Topics.VNET_EVENTS).contains(vnet);
    }

    @Test
    void aMessageWrittenOutsideAnySpanIsSentWithoutAContextAndStartsATraceOfItsOwn() {
        String vnet = "vnet-untraced-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.VNET_EVENTS, new VnetAlive(vnet, 8)));

        assertThat(recordOf(vnet).headers().lastHeader("traceparent")).isNull();
        SpanData handling = await().atMost(Duration.ofSeconds(30)).until(() -> spans.getFinishedSpanItems().stream()
                .filter(s -> s.getAttributes().asMap().toString().contains(vnet)).findFirst(), Optional::isPresent)
                .orElseThrow();
        assertThat(handling.getParentSpanContext().isValid()).isFalse();
    }

    private ConsumerRecord<String, byte[]> recordOf(String vnet) {
        List<ConsumerRecord<String, byte[]>> records = KafkaProbe.readUntil(bootstrap, Topics.VNET_EVENTS,
                Duration.ofSeconds(30), seen -> seen.stream().anyMatch(r -> vnet.equals(r.key())));
        return records.stream().filter(r -> vnet.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no record of " + vnet + " on " + Topics.VNET_EVENTS
                        + " in " + records.size() + " read: " + records.stream()
                        .map(r -> EventCodec.decode(r.value()).type()).toList()));
    }

    private Optional<SpanData> consumerSpan(String traceId) {
        return spans.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId) && s.getKind() == SpanKind.CONSUMER).findFirst();
    }
}

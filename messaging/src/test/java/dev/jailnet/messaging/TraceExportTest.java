package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceExportTest {

    private final TraceExport export = new TraceExport();

    @Test
    void withNoEndpointSpansGoNowhereAndARootSpanIsNotRecordedButHasATraceIdThatTravels() {
        SpanExporter exporter = export.spanExporter(Optional.empty());
        InMemorySpanExporter recorded = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setSampler(export.sampler(exporter))
                .addSpanProcessor(SimpleSpanProcessor.create(recorded)).build()) {
            Span root = provider.get("test").spanBuilder("DELETE /api/jails/{jail}").startSpan();
            root.end();

            assertThat(root.isRecording()).isFalse();
            assertThat(root.getSpanContext().isValid()).as("a trace id for the log lines and the messages").isTrue();
            assertThat(recorded.getFinishedSpanItems()).isEmpty();
        }
        assertThat(export.spanExporter(Optional.of(" "))).isSameAs(exporter);
    }

    @Test
    void withNoEndpointAChildOfARecordedSpanIsRecorded() {
        Sampler sampler = export.sampler(export.spanExporter(Optional.empty()));
        SpanContext recordedParent = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
        SpanContext unrecordedParent = SpanContext.createFromRemoteParent("0af7651916cd43dd8448eb211c80319c",
                "b7ad6b7169203331", TraceFlags.getDefault(), TraceState.getDefault());

        assertThat(decision(sampler, recordedParent)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        assertThat(decision(sampler, unrecordedParent)).isEqualTo(SamplingDecision.DROP);
    }

    @Test
    void withAnEndpointEverySpanIsRecorded() {
        SpanExporter exporter = export.spanExporter(Optional.of("http://127.0.0.1:4318/"));
        try {
            assertThat(exporter).isNotSameAs(TraceExport.NOWHERE);
            assertThat(decision(export.sampler(exporter), SpanContext.getInvalid()))
                    .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
            assertThat(decision(export.sampler(InMemorySpanExporter.create()), SpanContext.getInvalid()))
                    .as("an exporter of another kind (a test's)").isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
        } finally {
            exporter.shutdown();
        }
    }

    private static SamplingDecision decision(Sampler sampler, SpanContext parent) {
        Context context = Context.root().with(Span.wrap(parent));
        return sampler.shouldSample(context, "0af7651916cd43dd8448eb211c80319c", "span", SpanKind.CONSUMER,
                Attributes.empty(), List.of()).getDecision();
    }
}

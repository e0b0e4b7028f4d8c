package dev.jailnet.messaging;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a service's spans go: by OTLP (HTTP, protobuf) to {@code jailnet.otlp.endpoint} when one is set, nowhere
 * otherwise. Quarkus's own OTLP exporter is off: it always exports, to localhost:4317 when nothing is set, and a
 * system without a collector would log a failure every minute.
 * <p>
 * Spans are recorded only where they go somewhere. With nowhere to send them, a trace still begins at every API call
 * and message without a context, and its id is in every log line and travels with every message, but its spans are
 * not recorded (their attributes, events and ends cost a handling's CPU for nobody). A span whose parent was recorded,
 * by a service that exports, is recorded too, so that a trace is never recorded in part by choice.
 */
@ApplicationScoped
public class TraceExport {

    /** The exporter when no endpoint is set. */
    static final SpanExporter NOWHERE = SpanExporter.composite();

    @Produces
    @Singleton
    @DefaultBean
    SpanExporter spanExporter(@ConfigProperty(name = "jailnet.otlp.endpoint") Optional<String> endpoint) {
        return endpoint.filter(url -> !url.isBlank())
                .<SpanExporter>map(url -> OtlpHttpSpanExporter.builder()
                        .setEndpoint(url.replaceAll("/+$", "") + "/v1/traces").build())
                .orElse(NOWHERE);
    }

    @Produces
    @Singleton
    Sampler sampler(SpanExporter exporter) {
        return Sampler.parentBased(exporter == NOWHERE ? Sampler.alwaysOff() : Sampler.alwaysOn());
    }
}

package dev.jailnet.messaging;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where a service's spans go: by OTLP (HTTP, protobuf) to {@code jailnet.otlp.endpoint} when one is set, nowhere
 * otherwise. Spans are made either way (the trace id is in every log line and travels with every message).
 * Quarkus's own OTLP exporter is off: it always exports, to localhost:4317 when nothing is set, and a system
 * without a collector would log a failure every minute.
 */
@ApplicationScoped
public class TraceExport {

    @Produces
    @Singleton
    @DefaultBean
    SpanExporter spanExporter(@ConfigProperty(name = "jailnet.otlp.endpoint") Optional<String> endpoint) {
        return endpoint.filter(url -> !url.isBlank())
                .<SpanExporter>map(url -> OtlpHttpSpanExporter.builder()
                        .setEndpoint(url.replaceAll("/+$", "") + "/v1/traces").build())
                .orElseGet(SpanExporter::composite);
    }
}

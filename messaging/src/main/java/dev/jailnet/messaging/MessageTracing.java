package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

/**
 * One trace per cause, across the bus: a message carries the W3C trace context of the span that wrote it (an
 * API call's, or the handling of the message before it) from the outbox row, through the Kafka record's
 * {@code traceparent} header, to the span of its own handling, under which the messages it causes are written.
 * So a jail's removal, every step of its VNET's {@code vnet_shutdown} and {@code VnetDestroyed} form one trace.
 */
@ApplicationScoped
public class MessageTracing {

    static final String TRACEPARENT = "traceparent";
    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
    private static final TextMapGetter<String> HEADER_VALUE = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(String carrier) {
            return List.of(TRACEPARENT);
        }

        @Override
        public String get(String carrier, String key) {
            return TRACEPARENT.equals(key) ? carrier : null;
        }
    };

    private final Tracer tracer;

    public MessageTracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** {@code SagaCommand RIB_FLUSH process}: a saga's messages are named for their step, others for their type. */
    static String spanName(Envelope envelope) {
        String step = envelope.payload() instanceof SagaCommand command ? " " + command.step()
                : envelope.payload() instanceof SagaReply reply ? " " + reply.step() : "";
        return envelope.type() + step + " process";
    }

    /**
     * The current span's context as a {@code traceparent} value (a span not recorded has one too, see
     * {@link TraceExport}); null outside any span.
     */
    String currentTraceParent() {
        Map<String, String> carrier = new HashMap<>();
        W3C.inject(Context.current(), carrier, (map, key, value) -> map.put(key, value));
        return carrier.get(TRACEPARENT);
    }

    /** The record carries the context its outbox row was written under. */
    static void addTo(ProducerRecord<String, byte[]> record, String traceParent) {
        if (traceParent != null) {
            record.headers().add(TRACEPARENT, traceParent.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The context a record was written under, as its header says; null when it has none. */
    static String of(ConsumerRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(TRACEPARENT);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Runs {@code handling} of one message inside a consumer span, a child of the span that wrote the message;
     * what it writes to the outbox carries this span's context on.
     */
    <T> T handling(ConsumerLoop.Delivery delivery, String group, Supplier<T> handling) {
        Envelope envelope = delivery.envelope();
        Context parent = delivery.traceParent() == null ? Context.root()
                : W3C.extract(Context.root(), delivery.traceParent(), HEADER_VALUE);
        Span span = tracer.spanBuilder(spanName(envelope)).setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", delivery.topic())
                .setAttribute("messaging.consumer.group.name", group)
                .setAttribute("messaging.message.id", envelope.id().toString())
                .setAttribute("jailnet.key", envelope.key())
                .startSpan();
        if (envelope.sagaId() != null) {
            span.setAttribute("jailnet.saga", envelope.sagaId().toString());
        }
        if (envelope.payload() instanceof SagaCommand command) {
            span.setAttribute("jailnet.saga.step", command.step().name());
            span.setAttribute("jailnet.saga.attempt", command.attempt());
        }
        try (Scope scope = span.makeCurrent()) {
            return handling.get();
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }
}

package dev.jailnet.console.messaging;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.jailnet.events.EventCodec;
import java.io.IOException;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the page is told of a record a service published: which VNET (the record's key), which jail, which type
 * of event, which saga and step. Small on purpose: the page asks the console for the VNET again, so a notice
 * never has to carry (nor the console to understand) the event itself.
 *
 * @param type  the event's type ({@code VnetShutdownStarted}, ...); {@code ConsoleConnected} first on every stream,
 *              {@code Heartbeat} while nothing happens; null for a record that could not be read
 * @param topic where it was published; null for the console's own notices
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChangeNotice(String type, String topic, String vnetId, Integer jid, String sagaId, String step,
                           Instant at) {

    public static final String CONNECTED = "ConsoleConnected";
    public static final String HEARTBEAT = "Heartbeat";

    static ChangeNotice connected() {
        return new ChangeNotice(CONNECTED, null, null, null, null, null, Instant.now());
    }

    static ChangeNotice heartbeat() {
        return new ChangeNotice(HEARTBEAT, null, null, null, null, null, Instant.now());
    }

    /** Read leniently: a type the console does not know still says which VNET changed. */
    static ChangeNotice of(ConsumerRecord<String, byte[]> record) {
        Instant at = Instant.ofEpochMilli(record.timestamp());
        JsonNode envelope;
        try {
            envelope = record.value() == null ? null : EventCodec.mapper().readTree(record.value());
        } catch (IOException e) {
            envelope = null;
        }
        if (envelope == null || !envelope.isObject()) {
            return new ChangeNotice(null, record.topic(), record.key(), null, null, null, at);
        }
        JsonNode payload = envelope.path("payload");
        return new ChangeNotice(text(envelope, "type"), record.topic(), record.key(),
                payload.path("jid").isInt() ? payload.path("jid").intValue() : null,
                text(envelope, "sagaId"), text(payload, "step"), at);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() ? value.textValue() : null;
    }
}

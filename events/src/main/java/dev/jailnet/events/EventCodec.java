package dev.jailnet.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * JSON mapping of envelopes. Readers ignore fields they do not know, so producers may add fields
 * without breaking older consumers; a missing required field, an unknown type or anything after the envelope's
 * JSON object is malformed.
 */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private EventCodec() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] encode(Envelope envelope) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", envelope.id().toString());
        node.put("type", envelope.type());
        node.put("key", envelope.key());
        node.put("time", envelope.time().toString());
        if (envelope.sagaId() != null) {
            node.put("sagaId", envelope.sagaId().toString());
        }
        if (envelope.causationId() != null) {
            node.put("causationId", envelope.causationId().toString());
        }
        if (envelope.actor() != null) {
            node.put("actor", envelope.actor());
        }
        node.set("payload", MAPPER.valueToTree(envelope.payload()));
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + envelope.type(), e);
        }
    }

    public static String encodePayload(Message payload) {
        try {
            return MAPPER.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + payload.getClass().getSimpleName(), e);
        }
    }

    public static Envelope decode(byte[] bytes) {
        if (bytes == null) {
            throw new MalformedMessageException("record has no value");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new MalformedMessageException("value is not JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedMessageException("value is not a JSON object");
        }
        String unstorable = nulAt(node);
        if (unstorable != null) {
            throw new MalformedMessageException("field '" + unstorable.substring(1) + "' holds the NUL character"
                    + " (U+0000), which no text in the database can hold");
        }
        String type = text(node, "type");
        Class<? extends Message> payloadType = MessageTypes.byName(type)
                .orElseThrow(() -> new MalformedMessageException("unknown message type '" + type + "'"));
        JsonNode payloadNode = node.get("payload");
        if (payloadNode == null || !payloadNode.isObject()) {
            throw new MalformedMessageException("field 'payload' is missing or not an object");
        }
        Message payload;
        try {
            payload = MAPPER.treeToValue(payloadNode, payloadType);
        } catch (IOException | IllegalArgumentException e) {
            throw new MalformedMessageException("payload is not a valid " + type + ": " + e.getMessage(), e);
        }
        if (payload.vnetId() == null) {
            throw new MalformedMessageException("payload of " + type + " has no vnetId");
        }
        try {
            return new Envelope(UUID.fromString(text(node, "id")), type, text(node, "key"),
                    Instant.parse(text(node, "time")), optionalUuid(node, "sagaId"),
                    optionalUuid(node, "causationId"), optionalText(node, "actor"), payload);
        } catch (RuntimeException e) {
            if (e instanceof MalformedMessageException m) {
                throw m;
            }
            throw new MalformedMessageException("bad envelope: " + e.getMessage(), e);
        }
    }

    public static <T extends Message> T decodePayload(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new MalformedMessageException("payload is not a valid " + type.getSimpleName(), e);
        }
    }

    /**
     * Where the first text (a value or a field's name) holding U+0000 is, or null. PostgreSQL's text refuses it, so a
     * handler would fail on it at every attempt and stall its partition: it is malformed, a dead letter.
     */
    private static String nulAt(JsonNode node) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? "" : null;
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String below = nulAt(node.get(i));
                if (below != null) {
                    return "[" + i + "]" + below;
                }
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                // the path is built only on the way back from a NUL, never for a clean record
                String below = field.getKey().indexOf('\0') >= 0 ? "" : nulAt(field.getValue());
                if (below != null) {
                    return "." + field.getKey() + below;
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new MalformedMessageException("field '" + field + "' is missing or not a string");
        }
        return value.asText();
    }

    private static UUID optionalUuid(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : UUID.fromString(value.asText());
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new MalformedMessageException("field '" + field + "' is not a string");
        }
        return value.asText();
    }
}

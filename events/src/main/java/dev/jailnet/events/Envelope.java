package dev.jailnet.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What travels on a topic: the message and the facts about it.
 *
 * @param id          unique per message, in the order messages are made ({@link TimeOrderedIds}); consumers
 *                    deduplicate on it
 * @param type        the message's type name (see {@link MessageTypes})
 * @param key         the record key: the VNET the message concerns
 * @param time        when the message was created
 * @param sagaId      the saga the message belongs to, or null
 * @param causationId the message that caused this one, or null
 * @param actor       who caused it: the subject of the bearer token of the API call this message descends
 *                    from (through every message caused by another), or null when no one did (a timer)
 * @param payload     the message itself
 */
public record Envelope(UUID id, String type, String key, Instant time, UUID sagaId, UUID causationId,
                       String actor, Message payload) {

    public Envelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(payload, "payload");
    }

    public static Envelope of(Message payload, UUID sagaId, UUID causationId, String actor) {
        return new Envelope(TimeOrderedIds.next(), MessageTypes.nameOf(payload.getClass()), payload.key(),
                Instant.now(), sagaId, causationId, actor, payload);
    }

    public static Envelope of(Message payload, UUID sagaId, UUID causationId) {
        return of(payload, sagaId, causationId, null);
    }

    public static Envelope of(Message payload) {
        return of(payload, null, null, null);
    }
}

package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import java.util.Set;

/**
 * What a service consumes. Each handler bean gets its own consumer loop and consumer group
 * ({@code <service>.<name>}). {@link #handle} runs inside a transaction together with the inbox entry,
 * so its effect happens once however often the message is delivered.
 */
public interface MessageHandler {

    /** Unique within the service; part of the consumer group, so never rename a deployed one. */
    String name();

    Set<String> topics();

    /**
     * Applies one message. Throw {@link PoisonMessageException} for a message that can never be applied;
     * any other exception is retried a bounded number of times, then the message is dead-lettered.
     */
    void handle(Envelope envelope);
}

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
     * Applies one message. Throw {@link PoisonMessageException} for a message that can never be applied: it
     * goes to the dead-letter topic. Any other exception is retried until the message applies, its partition
     * waiting meanwhile (see {@link #answerFailure}).
     */
    void handle(Envelope envelope);

    /**
     * Whether the message is this handler's business at all. One that is not (an event of a topic it reads for
     * other events) is passed over without a transaction: it has no effect to record.
     */
    default boolean concerns(Envelope envelope) {
        return true;
    }

    /**
     * Called, in a transaction of its own with the inbox entry, when {@link #handle} keeps failing for a reason
     * that is not an outage (a bug, a state nobody foresaw) after {@code maxAttempts}. Return true when the
     * message is answered all the same (a saga participant refuses the step with the reason, so that the
     * orchestrator knows and retries it later), and the consumer moves on. The default, false, keeps retrying:
     * the partition waits, nothing is lost.
     */
    default boolean answerFailure(Envelope envelope, Throwable cause) {
        return false;
    }
}

package dev.jailnet.events.saga;

import dev.jailnet.events.Message;

/**
 * A step's command, sent by the orchestrator to one participant. A re-sent command carries the same saga
 * id (in the envelope) and step, with a higher attempt; the participant handles it idempotently.
 */
public record SagaCommand(String vnetId, SagaStep step, int attempt) implements Message {
}

package dev.jailnet.events.saga;

import dev.jailnet.events.Message;
import java.util.List;

/**
 * A step's command, sent by the orchestrator to one participant. A re-sent command carries the same saga
 * id (in the envelope) and step, with a higher attempt; the participant handles it idempotently.
 * {@code interfaces} names the interfaces a step moves; {@code releases} are what the previous step released,
 * for this one to apply (the orchestrator passes them on; participants never call each other).
 */
public record SagaCommand(String vnetId, SagaStep step, int attempt, List<String> interfaces,
                          List<ReleasedReferences> releases) implements Message {

    public SagaCommand {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    public SagaCommand(String vnetId, SagaStep step, int attempt) {
        this(vnetId, step, attempt, List.of(), List.of());
    }
}

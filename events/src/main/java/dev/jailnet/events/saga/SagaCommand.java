package dev.jailnet.events.saga;

import dev.jailnet.events.Message;
import dev.jailnet.events.VnetIds;
import java.util.List;

/**
 * A step's command, sent by the orchestrator to one participant. A re-sent command carries the same saga
 * id (in the envelope) and step, with a higher attempt; the participant handles it idempotently.
 * {@code interfaces} names the interfaces a step moves; {@code releases} are what the previous step released,
 * for this one to apply (the orchestrator passes them on; participants never call each other).
 * {@code parentVnetId} is the VNET this one was made from (its jail's parent's; vnet0 for a child of the host):
 * {@link SagaStep#LOIF_INIT} records it, and {@link SagaStep#IF_VMOVE} takes the interfaces from it.
 */
public record SagaCommand(String vnetId, SagaStep step, int attempt, List<String> interfaces,
                          List<ReleasedReferences> releases, String parentVnetId) implements Message {

    public SagaCommand {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        releases = releases == null ? List.of() : List.copyOf(releases);
        parentVnetId = parentVnetId == null ? VnetIds.VNET0 : parentVnetId;
    }

    public SagaCommand(String vnetId, SagaStep step, int attempt, List<String> interfaces,
                       List<ReleasedReferences> releases) {
        this(vnetId, step, attempt, interfaces, releases, VnetIds.VNET0);
    }

    public SagaCommand(String vnetId, SagaStep step, int attempt) {
        this(vnetId, step, attempt, List.of(), List.of());
    }
}

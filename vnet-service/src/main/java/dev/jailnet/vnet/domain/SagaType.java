package dev.jailnet.vnet.domain;

import dev.jailnet.events.saga.SagaStep;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The sagas vnet-service orchestrates: their steps in order, and how a failed one is undone. */
public enum SagaType {

    /** {@code vnet_alloc}: the subsystems' constructors in ascending order. Undone if it fails. */
    VNET_CREATE(List.of(SagaStep.LOIF_INIT, SagaStep.RTABLES_INIT, SagaStep.IF_VMOVE),
            Map.of(SagaStep.LOIF_INIT, SagaStep.LOIF_UNINIT, SagaStep.RTABLES_INIT, SagaStep.RTABLES_DESTROY,
                    SagaStep.IF_VMOVE, SagaStep.IF_RETURN)),

    /**
     * {@code vnet_shutdown}: forward-only. A step that cannot finish yet is retried, and after its
     * bounded attempts the saga is STUCK (still retrying, slowly); it is never undone.
     */
    VNET_SHUTDOWN(List.of(SagaStep.FREEZE, SagaStep.IFNET_RELEASE_CACHES, SagaStep.ROUTING_RELEASE_AND_FLUSH,
            SagaStep.IFNET_DETACH, SagaStep.RTABLES_DESTROY), Map.of());

    private final List<SagaStep> steps;
    private final Map<SagaStep, SagaStep> compensations;

    SagaType(List<SagaStep> steps, Map<SagaStep, SagaStep> compensations) {
        this.steps = steps;
        this.compensations = compensations;
    }

    public List<SagaStep> steps() {
        return steps;
    }

    /** The steps for a saga that moves these interfaces: a step with nothing to move is left out. */
    public List<SagaStep> steps(List<String> interfaces) {
        return interfaces.isEmpty() ? steps.stream().filter(s -> s != SagaStep.IF_VMOVE).toList() : steps;
    }

    /** Forward-only sagas have none: a step that cannot finish yet is retried, never undone. */
    public boolean compensable() {
        return !compensations.isEmpty();
    }

    public Optional<SagaStep> compensationOf(SagaStep step) {
        return Optional.ofNullable(compensations.get(step));
    }
}

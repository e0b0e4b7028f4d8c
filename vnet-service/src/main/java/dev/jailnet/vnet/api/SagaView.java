package dev.jailnet.vnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.vnet.domain.Saga;
import dev.jailnet.vnet.domain.SagaStatus;
import dev.jailnet.vnet.domain.SagaStepState;
import dev.jailnet.vnet.domain.SagaType;
import dev.jailnet.vnet.domain.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A saga's timeline: who caused it and who last retried it, then each step with its status, attempts, timing,
 * what it released and its last error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A saga's timeline: who caused it and who last retried it, then each step.")
public record SagaView(
        UUID id,
        @Schema(description = "VNET_CREATE is vnet_alloc (undone on failure); VNET_SHUTDOWN is vnet_shutdown"
                + " (forward only).")
        SagaType type,
        String vnetId,
        @Schema(description = "RUNNING forward, COMPENSATING (undoing a failed creation), STUCK (a step out of"
                + " attempts, still retried slowly), then COMPLETED or FAILED.")
        SagaStatus status,
        Instant startedAt,
        @Schema(description = "Absent while the saga runs.")
        Instant endedAt,
        @Schema(description = "From start to end, in milliseconds; absent while the saga runs.")
        Long durationMs,
        @Schema(description = "Why the saga is being undone, failed or is stuck; absent otherwise.")
        String reason,
        @Schema(description = "Who caused it: the subject of the token of the request it follows from (a jail's"
                + " creation or removal, an operator's shutdown); absent when none is known.")
        String requestedBy,
        @Schema(description = "Who last asked for its running step to be retried; absent when nobody did.")
        String retriedBy,
        @Schema(description = "When its running step was last retried by hand; absent when it never was.")
        Instant retriedAt,
        @Schema(description = "The steps in order; the undo steps of a saga being undone follow.")
        List<StepView> steps) {

    static SagaView of(Saga saga) {
        return new SagaView(saga.id(), saga.type(), saga.vnetId(), saga.status(), saga.startedAt(),
                saga.endedAt().orElse(null), saga.duration().map(Duration::toMillis).orElse(null),
                saga.reason().orElse(null), saga.requestedBy().orElse(null), saga.retriedBy().orElse(null),
                saga.retriedAt().orElse(null), saga.steps().stream().map(step -> StepView.of(step,
                saga.participants(step.step()))).toList());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "One step of a saga as it ran.")
    public record StepView(
            SagaStep step,
            @Schema(description = "The services that carry it out: the step is done when all have answered.")
            java.util.Set<Participant> participants,
            @Schema(description = "The step undoes an earlier one of a creation that failed.")
            boolean compensation,
            StepStatus status,
            @Schema(description = "How many times its command has been sent.")
            int attempts,
            @Schema(description = "Absent while the step is PENDING.")
            Instant startedAt,
            @Schema(description = "Absent until the step is DONE, FAILED or SKIPPED.")
            Instant endedAt,
            @Schema(description = "From start to end, in milliseconds; absent until the step has ended.")
            Long durationMs,
            @Schema(description = "While the step runs: when its command is sent again if not every participant"
                    + " has answered.")
            Instant deadline,
            @Schema(description = "What the step made or released, counted by kind of object (`interfaces`,"
                    + " `ribs`, ...), as its participants reported it.")
            Map<String, Integer> released,
            @Schema(description = "Why the last attempt was refused or timed out; absent when none was.")
            String lastError) {

        static StepView of(SagaStepState step, java.util.Set<Participant> participants) {
            return new StepView(step.step(), participants, step.compensation(), step.status(),
                    step.attempts(), step.startedAt().orElse(null), step.endedAt().orElse(null),
                    step.duration().map(Duration::toMillis).orElse(null), step.deadline().orElse(null),
                    step.released(), step.lastError().orElse(null));
        }
    }
}

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

/**
 * A saga's timeline: who caused it and who last retried it, then each step with its status, attempts, timing,
 * what it released and its last error.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SagaView(UUID id, SagaType type, String vnetId, SagaStatus status, Instant startedAt, Instant endedAt,
                       Long durationMs, String reason, String requestedBy, String retriedBy, Instant retriedAt,
                       List<StepView> steps) {

    static SagaView of(Saga saga) {
        return new SagaView(saga.id(), saga.type(), saga.vnetId(), saga.status(), saga.startedAt(),
                saga.endedAt().orElse(null), saga.duration().map(Duration::toMillis).orElse(null),
                saga.reason().orElse(null), saga.requestedBy().orElse(null), saga.retriedBy().orElse(null),
                saga.retriedAt().orElse(null), saga.steps().stream().map(step -> StepView.of(step,
                saga.participants(step.step()))).toList());
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepView(SagaStep step, java.util.Set<Participant> participants, boolean compensation,
                           StepStatus status,
                           int attempts, Instant startedAt, Instant endedAt, Long durationMs, Instant deadline,
                           Map<String, Integer> released, String lastError) {

        static StepView of(SagaStepState step, java.util.Set<Participant> participants) {
            return new StepView(step.step(), participants, step.compensation(), step.status(),
                    step.attempts(), step.startedAt().orElse(null), step.endedAt().orElse(null),
                    step.duration().map(Duration::toMillis).orElse(null), step.deadline().orElse(null),
                    step.released(), step.lastError().orElse(null));
        }
    }
}

package dev.jailnet.vnet.domain;

import dev.jailnet.events.saga.SagaStep;

/** What the orchestrator must do after the saga moved: send a command, or act on its outcome. */
public sealed interface SagaAction {

    /** Send the step's command to one participant. */
    record Send(SagaStep step, int attempt, SagaStep.Participant participant) implements SagaAction {

        /** For a step with a single participant. */
        public Send(SagaStep step, int attempt) {
            this(step, attempt, step.participants().iterator().next());
        }
    }

    record Complete() implements SagaAction {
    }

    record Fail(String reason) implements SagaAction {
    }
}

package dev.jailnet.vnet.domain;

import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.SagaStep;

/** What the orchestrator must do after the saga moved: send a command, or act on its outcome. */
public sealed interface SagaAction {

    /** Send the step's command to one participant. */
    record Send(SagaStep step, int attempt, Participant participant) implements SagaAction {
    }

    record Complete() implements SagaAction {
    }

    record Fail(String reason) implements SagaAction {
    }
}

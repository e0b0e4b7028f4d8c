package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.SagaStep;
import java.util.Map;
import java.util.Set;

/**
 * A service's part in the sagas, written once: it consumes the commands of its {@link Participant} and carries
 * out each step with the handler it declares for it (see {@link SagaParticipation} for what is done around it:
 * the inbox, a repeated step answered alike, a refusal as an answer). A service extends it with one table of
 * step handlers (a {@code @Singleton}: it needs no client proxy); a command for a step it does not declare is
 * poison.
 */
public abstract class SagaParticipant implements MessageHandler {

    private final SagaParticipation participation;
    private final Participant participant;
    private final Map<SagaStep, SagaParticipation.Step> steps;

    protected SagaParticipant(SagaParticipation participation, Participant participant,
                              Map<SagaStep, SagaParticipation.Step> steps) {
        this.participation = participation;
        this.participant = participant;
        this.steps = Map.copyOf(steps);
    }

    @Override
    public final String name() {
        return "saga-commands";
    }

    @Override
    public final Set<String> topics() {
        return Set.of(participant.commands());
    }

    @Override
    public final void handle(Envelope envelope) {
        participation.carryOut(envelope, participant, (command, cause) -> {
            SagaParticipation.Step step = steps.get(command.step());
            if (step == null) {
                throw new PoisonMessageException(participant + " does not carry out " + command.step());
            }
            return step.execute(command, cause);
        });
    }

    @Override
    public final boolean answerFailure(Envelope envelope, Throwable cause) {
        return participation.refuseAfterFailures(envelope, participant, cause);
    }
}

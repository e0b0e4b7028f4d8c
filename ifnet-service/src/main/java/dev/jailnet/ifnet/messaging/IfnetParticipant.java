package dev.jailnet.ifnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.ifnet.domain.IfnetService;
import dev.jailnet.ifnet.domain.ShutdownService;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.messaging.PoisonMessageException;
import dev.jailnet.messaging.SagaParticipation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** The interface layer's steps of the sagas. */
@ApplicationScoped
public class IfnetParticipant implements MessageHandler {

    private final SagaParticipation participation;
    private final IfnetService ifnet;
    private final ShutdownService shutdown;

    public IfnetParticipant(SagaParticipation participation, IfnetService ifnet, ShutdownService shutdown) {
        this.participation = participation;
        this.ifnet = ifnet;
        this.shutdown = shutdown;
    }

    @Override
    public String name() {
        return "saga-commands";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.IFNET_COMMANDS);
    }

    @Override
    public void handle(Envelope envelope) {
        participation.carryOut(envelope, SagaStep.Participant.IFNET, this::execute);
    }

    @Override
    public boolean answerFailure(Envelope envelope, Throwable cause) {
        return participation.refuseAfterFailures(envelope, SagaStep.Participant.IFNET, cause);
    }

    private StepResult execute(SagaCommand command, Envelope envelope) {
        return switch (command.step()) {
            case LOIF_INIT -> StepResult.of(ifnet.loifInit(command.vnetId(), envelope));
            case LOIF_UNINIT -> StepResult.of(ifnet.loifUninit(command.vnetId(), envelope));
            case IF_VMOVE -> StepResult.of(ifnet.vmoveIn(command.vnetId(), command.interfaces(), envelope));
            case IF_RETURN -> StepResult.of(ifnet.returnHome(command.vnetId(), command.interfaces(), envelope));
            case FREEZE -> shutdown.freeze(command.vnetId());
            case IFNET_RELEASE_CACHES -> shutdown.releaseCaches(command.vnetId());
            case IFNET_DETACH -> shutdown.detach(command.vnetId(), command.releases(), envelope);
            default -> throw new PoisonMessageException("ifnet-service does not carry out " + command.step());
        };
    }
}

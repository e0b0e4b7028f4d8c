package dev.jailnet.routing.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.messaging.PoisonMessageException;
import dev.jailnet.messaging.SagaParticipation;
import dev.jailnet.routing.domain.RoutingService;
import dev.jailnet.routing.domain.ShutdownService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** The routing layer's steps of the sagas. */
@ApplicationScoped
public class RoutingParticipant implements MessageHandler {

    private final SagaParticipation participation;
    private final RoutingService routing;
    private final ShutdownService shutdown;

    public RoutingParticipant(SagaParticipation participation, RoutingService routing, ShutdownService shutdown) {
        this.participation = participation;
        this.routing = routing;
        this.shutdown = shutdown;
    }

    @Override
    public String name() {
        return "saga-commands";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.ROUTING_COMMANDS);
    }

    @Override
    public void handle(Envelope envelope) {
        participation.carryOut(envelope, SagaStep.Participant.ROUTING, this::execute);
    }

    @Override
    public boolean answerFailure(Envelope envelope, Throwable cause) {
        return participation.refuseAfterFailures(envelope, SagaStep.Participant.ROUTING, cause);
    }

    private StepResult execute(SagaCommand command, Envelope envelope) {
        return switch (command.step()) {
            case RTABLES_INIT -> StepResult.of(routing.rtablesInit(command.vnetId()));
            case RTABLES_DESTROY -> shutdown.rtablesDestroy(command.vnetId());
            case FREEZE -> shutdown.freeze(command.vnetId());
            case ROUTING_RELEASE_AND_FLUSH -> shutdown.releaseAndFlush(command.vnetId(), command.releases());
            default -> throw new PoisonMessageException("routing-service does not carry out " + command.step());
        };
    }
}

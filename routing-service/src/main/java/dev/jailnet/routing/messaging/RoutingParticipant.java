package dev.jailnet.routing.messaging;

import static dev.jailnet.events.saga.SagaStep.FREEZE;
import static dev.jailnet.events.saga.SagaStep.RIB_FLUSH;
import static dev.jailnet.events.saga.SagaStep.RTABLES_DESTROY;
import static dev.jailnet.events.saga.SagaStep.RTABLES_INIT;

import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.messaging.SagaParticipant;
import dev.jailnet.messaging.SagaParticipation;
import dev.jailnet.routing.domain.RoutingService;
import dev.jailnet.routing.domain.ShutdownService;
import jakarta.inject.Singleton;
import java.util.Map;

/** The routing layer's steps of the sagas. */
@Singleton
public class RoutingParticipant extends SagaParticipant {

    public RoutingParticipant(SagaParticipation participation, RoutingService routing, ShutdownService shutdown) {
        super(participation, Participant.ROUTING, Map.of(
                RTABLES_INIT, (command, cause) -> StepResult.of(routing.rtablesInit(command.vnetId())),
                RTABLES_DESTROY, (command, cause) -> shutdown.rtablesDestroy(command.vnetId()),
                FREEZE, (command, cause) -> shutdown.freeze(command.vnetId()),
                RIB_FLUSH, (command, cause) -> shutdown.releaseAndFlush(command.vnetId(), command.releases())));
    }
}

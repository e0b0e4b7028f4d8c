package dev.jailnet.ifnet.messaging;

import static dev.jailnet.events.saga.SagaStep.FREEZE;
import static dev.jailnet.events.saga.SagaStep.IFNET_DETACH;
import static dev.jailnet.events.saga.SagaStep.IF_RETURN;
import static dev.jailnet.events.saga.SagaStep.IF_VMOVE;
import static dev.jailnet.events.saga.SagaStep.LOIF_INIT;
import static dev.jailnet.events.saga.SagaStep.LOIF_UNINIT;
import static dev.jailnet.events.saga.SagaStep.TUNNEL_CACHE_RELEASE;

import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.ifnet.domain.IfnetService;
import dev.jailnet.ifnet.domain.ShutdownService;
import dev.jailnet.messaging.SagaParticipant;
import dev.jailnet.messaging.SagaParticipation;
import jakarta.inject.Singleton;
import java.util.Map;

/** The interface layer's steps of the sagas. */
@Singleton
public class IfnetParticipant extends SagaParticipant {

    public IfnetParticipant(SagaParticipation participation, IfnetService ifnet, ShutdownService shutdown) {
        super(participation, Participant.IFNET, Map.of(
                LOIF_INIT, (command, cause) -> StepResult.of(ifnet.loifInit(command.vnetId(), command.parentVnetId(),
                        cause)),
                LOIF_UNINIT, (command, cause) -> StepResult.of(ifnet.loifUninit(command.vnetId(), cause)),
                IF_VMOVE, (command, cause) -> StepResult.of(ifnet.vmoveIn(command.vnetId(), command.parentVnetId(),
                        command.interfaces(), cause)),
                IF_RETURN, (command, cause) -> StepResult.of(ifnet.returnHome(command.vnetId(), command.interfaces(),
                        cause)),
                FREEZE, (command, cause) -> shutdown.freeze(command.vnetId()),
                TUNNEL_CACHE_RELEASE, (command, cause) -> shutdown.releaseCaches(command.vnetId()),
                IFNET_DETACH, (command, cause) -> shutdown.detach(command.vnetId(), command.releases(), cause)));
    }
}

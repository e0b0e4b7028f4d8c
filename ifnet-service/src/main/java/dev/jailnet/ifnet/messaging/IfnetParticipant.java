package dev.jailnet.ifnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.ifnet.domain.IfnetService;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.messaging.PoisonMessageException;
import dev.jailnet.messaging.SagaParticipation;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** The interface layer's steps of the sagas. */
@ApplicationScoped
public class IfnetParticipant implements MessageHandler {

    private final SagaParticipation participation;
    private final IfnetService ifnet;

    public IfnetParticipant(SagaParticipation participation, IfnetService ifnet) {
        this.participation = participation;
        this.ifnet = ifnet;
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
        participation.carryOut(envelope, this::execute);
    }

    private Map<String, Integer> execute(SagaCommand command, Envelope envelope) {
        return switch (command.step()) {
            case LOIF_INIT -> ifnet.loifInit(command.vnetId(), envelope);
            case LOIF_UNINIT -> ifnet.loifUninit(command.vnetId(), envelope);
            case IF_VMOVE -> ifnet.vmoveIn(command.vnetId(), command.interfaces(), envelope);
            case IF_RETURN -> ifnet.returnHome(command.vnetId(), command.interfaces(), envelope);
            default -> throw new PoisonMessageException("ifnet-service does not carry out " + command.step());
        };
    }
}

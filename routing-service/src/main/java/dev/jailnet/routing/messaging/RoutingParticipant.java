package dev.jailnet.routing.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.messaging.PoisonMessageException;
import dev.jailnet.messaging.SagaParticipation;
import dev.jailnet.routing.domain.RoutingService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Set;

/** The routing layer's steps of the sagas. */
@ApplicationScoped
public class RoutingParticipant implements MessageHandler {

    private final SagaParticipation participation;
    private final RoutingService routing;

    public RoutingParticipant(SagaParticipation participation, RoutingService routing) {
        this.participation = participation;
        this.routing = routing;
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
        participation.carryOut(envelope, this::execute);
    }

    private Map<String, Integer> execute(SagaCommand command, Envelope envelope) {
        return switch (command.step()) {
            case RTABLES_INIT -> routing.rtablesInit(command.vnetId());
            case RTABLES_DESTROY -> routing.rtablesDestroy(command.vnetId());
            default -> throw new PoisonMessageException("routing-service does not carry out " + command.step());
        };
    }
}

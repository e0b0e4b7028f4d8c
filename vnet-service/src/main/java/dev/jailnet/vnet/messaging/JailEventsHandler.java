package dev.jailnet.vnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** A VNET jail's creation starts the VNET creation saga. */
@ApplicationScoped
public class JailEventsHandler implements MessageHandler {

    private final SagaOrchestrator orchestrator;

    public JailEventsHandler(SagaOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public String name() {
        return "jail-events";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.JAIL_EVENTS);
    }

    @Override
    public void handle(Envelope envelope) {
        if (envelope.payload() instanceof JailCreated created) {
            orchestrator.jailCreated(created, envelope);
        }
    }
}

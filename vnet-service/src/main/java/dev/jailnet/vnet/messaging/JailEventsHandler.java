package dev.jailnet.vnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** Jails' lives drive their VNETs': creation, {@code vnet_shutdown} when dying, destroy when they hold nothing. */
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
        } else if (envelope.payload() instanceof JailDying dying) {
            orchestrator.jailDying(dying.vnetId(), envelope);
        } else if (envelope.payload() instanceof JailRefsDrained drained) {
            orchestrator.jailRefsDrained(drained.vnetId(), envelope);
        }
    }
}

package dev.jailnet.vnet.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailRefsDrained;
import dev.jailnet.messaging.EventHandler;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import jakarta.inject.Singleton;

/** Jails' lives drive their VNETs': creation, {@code vnet_shutdown} when dying, destroy when they hold nothing. */
@Singleton
public class JailEventsHandler extends EventHandler {

    public JailEventsHandler(SagaOrchestrator orchestrator) {
        super("jail-events", Topics.JAIL_EVENTS);
        on(JailCreated.class, orchestrator::jailCreated);
        on(JailDying.class, (e, cause) -> orchestrator.jailDying(e.jid(), e.vnetId(), cause));
        on(JailRefsDrained.class, (e, cause) -> orchestrator.jailRefsDrained(e.jid(), e.vnetId(), cause));
    }
}

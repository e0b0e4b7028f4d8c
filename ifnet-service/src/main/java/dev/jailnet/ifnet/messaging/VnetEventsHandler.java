package dev.jailnet.ifnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.ifnet.domain.DestroyService;
import dev.jailnet.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** {@code vnet_destroy}: checked against what the layer still holds, or, in legacy mode, its own teardown. */
@ApplicationScoped
public class VnetEventsHandler implements MessageHandler {

    private final DestroyService destroy;

    public VnetEventsHandler(DestroyService destroy) {
        this.destroy = destroy;
    }

    @Override
    public String name() {
        return "vnet-events";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.VNET_EVENTS);
    }

    @Override
    public void handle(Envelope envelope) {
        if (envelope.payload() instanceof VnetDestroyed destroyed) {
            destroy.destroyed(destroyed.vnetId(), destroyed.legacy());
        }
    }
}

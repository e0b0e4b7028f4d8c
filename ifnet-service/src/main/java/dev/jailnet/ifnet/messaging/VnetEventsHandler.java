package dev.jailnet.ifnet.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.ifnet.domain.DestroyService;
import dev.jailnet.messaging.EventHandler;
import jakarta.inject.Singleton;

/** {@code vnet_destroy}: checked against what the layer still holds, or, in legacy mode, its own teardown. */
@Singleton
public class VnetEventsHandler extends EventHandler {

    public VnetEventsHandler(DestroyService destroy) {
        super("vnet-events", Topics.VNET_EVENTS);
        on(VnetDestroyed.class, (e, cause) -> destroy.destroyed(e.vnetId(), e.legacy()));
    }
}

package dev.jailnet.routing.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.messaging.EventHandler;
import dev.jailnet.routing.domain.DestroyService;
import jakarta.inject.Singleton;

/** {@code vnet_destroy}: checked against what routing still holds, or, in legacy mode, routing's own teardown. */
@Singleton
public class VnetEventsHandler extends EventHandler {

    public VnetEventsHandler(DestroyService destroy) {
        super("vnet-events", Topics.VNET_EVENTS);
        on(VnetDestroyed.class, (e, cause) -> destroy.destroyed(e.vnetId(), e.legacy(), cause));
    }
}

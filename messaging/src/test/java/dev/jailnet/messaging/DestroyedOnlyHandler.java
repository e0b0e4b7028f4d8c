package dev.jailnet.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetDestroyed;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Test handler that acts on one kind of event of its topic only: the VNETs it saw destroyed. */
@Singleton
public class DestroyedOnlyHandler extends EventHandler {

    final Set<String> destroyed = ConcurrentHashMap.newKeySet();

    public DestroyedOnlyHandler() {
        super("destroyed-only", Topics.VNET_EVENTS);
        on(VnetDestroyed.class, (e, cause) -> destroyed.add(e.vnetId()));
    }
}

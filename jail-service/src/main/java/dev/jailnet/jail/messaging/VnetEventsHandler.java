package dev.jailnet.jail.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.jail.domain.JailService;
import dev.jailnet.messaging.MessageHandler;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Follows the VNETs of VNET jails: ALIVE makes the jail ALIVE, a failed creation makes it die, and
 * {@code vnet_destroy} lets a dead jail be freed.
 */
@ApplicationScoped
public class VnetEventsHandler implements MessageHandler {

    private final JailService jails;

    public VnetEventsHandler(JailService jails) {
        this.jails = jails;
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
        if (envelope.payload() instanceof VnetAlive alive) {
            jails.vnetAlive(alive.jid(), envelope);
        } else if (envelope.payload() instanceof VnetCreationFailed failed) {
            jails.vnetCreationFailed(failed.jid(), failed.reason(), envelope);
        } else if (envelope.payload() instanceof VnetDestroyed destroyed && destroyed.jid() != null) {
            jails.vnetDestroyed(destroyed.jid(), envelope);
        }
    }
}

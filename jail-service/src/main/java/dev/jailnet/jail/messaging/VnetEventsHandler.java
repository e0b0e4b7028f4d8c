package dev.jailnet.jail.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import dev.jailnet.jail.domain.JailService;
import dev.jailnet.messaging.EventHandler;
import jakarta.inject.Singleton;

/**
 * Follows the VNETs of VNET jails: ALIVE makes the jail ALIVE, a failed creation makes it die, so does an
 * operator's {@code vnet_shutdown} of a live jail's VNET; a finished {@code vnet_shutdown} lets the parent's start,
 * and {@code vnet_destroy} lets a dead jail be freed.
 */
@Singleton
public class VnetEventsHandler extends EventHandler {

    public VnetEventsHandler(JailService jails) {
        super("vnet-events", Topics.VNET_EVENTS);
        on(VnetAlive.class, (e, cause) -> jails.vnetAlive(e.jid(), cause));
        on(VnetCreationFailed.class, (e, cause) -> jails.vnetCreationFailed(e.jid(), e.reason(), cause));
        on(VnetShutdownStarted.class, (e, cause) -> {
            if (e.jid() != null) {
                jails.vnetShutdownStarted(e.jid(), cause);
            }
        });
        on(VnetShutdownCompleted.class, (e, cause) -> {
            if (e.jid() != null) {
                jails.vnetShutdownCompleted(e.jid(), cause);
            }
        });
        on(VnetDestroyed.class, (e, cause) -> {
            if (e.jid() != null) {
                jails.vnetDestroyed(e.jid(), cause);
            }
        });
    }
}

package dev.jailnet.events.vnet;

import dev.jailnet.events.Message;

/** {@code vnet_shutdown} began: the VNET is SHUTTING_DOWN. */
public record VnetShutdownStarted(String vnetId, Integer jid, String sagaId, String trigger) implements Message {
}

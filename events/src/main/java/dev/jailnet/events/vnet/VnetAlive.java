package dev.jailnet.events.vnet;

import dev.jailnet.events.Message;

/** {@code vnet_alloc} finished: every subsystem's constructor ran, the VNET is usable. */
public record VnetAlive(String vnetId, int jid) implements Message {
}

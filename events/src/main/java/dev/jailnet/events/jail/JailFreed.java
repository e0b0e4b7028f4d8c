package dev.jailnet.events.jail;

import dev.jailnet.events.Message;

/** {@code prison_deref} freed the jail: after {@code vnet_destroy} for a VNET jail. */
public record JailFreed(int jid, String name, String vnetId) implements Message {
}

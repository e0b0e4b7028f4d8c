package dev.jailnet.events.vnet;

import dev.jailnet.events.Message;

/**
 * {@code vnet_destroy}: the promise that no service holds anything of this VNET. In legacy mode it comes
 * without {@code vnet_shutdown}, and each layer tears down on its own ({@code legacy} is true).
 */
public record VnetDestroyed(String vnetId, Integer jid, boolean legacy) implements Message {
}

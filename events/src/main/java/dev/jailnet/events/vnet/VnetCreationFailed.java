package dev.jailnet.events.vnet;

import dev.jailnet.events.Message;

/** A VNET could not be created; what was done has been undone. The jail that asked for it fails with the reason. */
public record VnetCreationFailed(String vnetId, int jid, String reason) implements Message {
}

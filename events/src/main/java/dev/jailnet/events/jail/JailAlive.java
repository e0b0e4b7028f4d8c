package dev.jailnet.events.jail;

import dev.jailnet.events.Message;

/** The jail reached PRISON_STATE_ALIVE. */
public record JailAlive(int jid, String name, String vnetId) implements Message {
}

package dev.jailnet.events.jail;

import dev.jailnet.events.Message;

/** The jail became PRISON_STATE_DYING ({@code jail_remove}, last user reference gone, or failed creation). */
public record JailDying(int jid, String name, String vnetId, String reason) implements Message {
}

package dev.jailnet.events.jail;

import dev.jailnet.events.Message;

/** A dying jail's {@code pr_ref} reached 0: nothing but its VNET keeps it from being freed. */
public record JailRefsDrained(int jid, String vnetId) implements Message {
}

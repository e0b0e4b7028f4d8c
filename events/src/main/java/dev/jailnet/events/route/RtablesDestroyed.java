package dev.jailnet.events.route;

import dev.jailnet.events.Message;

/**
 * Legacy teardown only: routing ran {@code rtables_destroy} for a destroyed VNET (at
 * {@code SI_SUB_PROTO_DOMAIN}); the interface layer's destructors, later in {@code vnet_sysuninit}, run next.
 */
public record RtablesDestroyed(String vnetId) implements Message {
}

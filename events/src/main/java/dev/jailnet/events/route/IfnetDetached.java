package dev.jailnet.events.route;

import dev.jailnet.events.Message;

/**
 * Routing has forgotten an interface that left a VNET: the routes through it are gone, and every nexthop
 * it will ever announce for it was announced before this.
 */
public record IfnetDetached(String vnetId, int ifIndex, String ifName) implements Message {
}

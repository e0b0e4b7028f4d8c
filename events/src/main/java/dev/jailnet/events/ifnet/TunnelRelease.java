package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/** {@code gif_delete_tunnel}: the tunnel unsubscribes ({@code rib_unsubscribe}) and drops its nexthop reference. */
public record TunnelRelease(String vnetId, int ifIndex, String ifName) implements Message {
}

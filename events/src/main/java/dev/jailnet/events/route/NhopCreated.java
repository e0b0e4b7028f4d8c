package dev.jailnet.events.route;

import dev.jailnet.events.Message;

/** A nexthop was created; it holds a reference on its interface ({@code if_ref}). */
public record NhopCreated(String vnetId, long nhopId, int ifIndex, String ifName, String gateway) implements Message {
}

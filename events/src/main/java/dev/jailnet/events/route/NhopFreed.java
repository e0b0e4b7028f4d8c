package dev.jailnet.events.route;

import dev.jailnet.events.Message;

/** A nexthop's last reference went; it released its interface ({@code if_rele}). */
public record NhopFreed(String vnetId, long nhopId, int ifIndex) implements Message {
}

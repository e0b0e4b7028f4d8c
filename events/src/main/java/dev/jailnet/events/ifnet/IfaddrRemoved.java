package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/** An address was removed from an interface: routing removes the routes the address brought. */
public record IfaddrRemoved(String vnetId, String ifName, int ifIndex, String family, String address,
                            int prefixLength) implements Message {
}

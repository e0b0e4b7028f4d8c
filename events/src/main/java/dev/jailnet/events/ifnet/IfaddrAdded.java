package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/** An address was added to an interface ({@code in_control(SIOCAIFADDR)}): routing adds its connected and host routes. */
public record IfaddrAdded(String vnetId, String ifName, int ifIndex, String family, String address, int prefixLength)
        implements Message {
}

package dev.jailnet.events.route;

import dev.jailnet.events.Message;

/**
 * {@code RTM_NEWADDR} ({@code rt_addrmsg}): routing has applied an interface address; the routes it brings (the
 * prefix route through the interface and the host route through {@code lo0}) are in the VNET's table. Not sent
 * when none could be added (the VNET is shutting down, or has no table of the address's family).
 */
public record NewAddrMsg(String vnetId, int ifIndex, String address, int prefixLength) implements Message {
}

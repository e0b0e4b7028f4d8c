package dev.jailnet.events.ifnet;

/**
 * The address that takes a network's prefix route over when the address that held it leaves ({@code in_scrubprefix}
 * hands the route to the next address of the same prefix), on its interface.
 */
public record PrefixRouteHeir(int ifIndex, String ifName, String address, int prefixLength) {
}

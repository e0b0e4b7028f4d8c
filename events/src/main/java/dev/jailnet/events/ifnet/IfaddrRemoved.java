package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/**
 * An address was removed from an interface ({@code in_control(SIOCDIFADDR)}): routing removes the routes the address
 * brought. {@code prefixRoute} says whether it held its network's prefix route ({@code IFA_ROUTE}: the first address of
 * that network in the VNET holds it, the others share it). If it did, the prefix route passes to {@code heir}, the next
 * address of that network, or goes when there is none ({@code in_scrubprefix}); and, for IPv4, every route through the
 * address goes with it ({@code in_ifadown}). Both are null in a record of an older producer: the address held its
 * prefix route, and nothing took it over.
 */
public record IfaddrRemoved(String vnetId, String ifName, int ifIndex, String family, String address,
                            int prefixLength, Boolean prefixRoute, PrefixRouteHeir heir) implements Message {

    /** Whether the address held its network's prefix route. */
    public boolean heldPrefixRoute() {
        return prefixRoute == null || prefixRoute;
    }
}

package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/**
 * A tunnel asks for the nexthop to its outer destination: routing subscribes it to the RIB
 * ({@code rib_subscribe}) if it is not yet, looks the destination up ({@code fib4_lookup}), and moves the
 * tunnel's reference to the nexthop it found. {@code generation} counts the tunnel's endpoint changes.
 */
public record TunnelResolve(String vnetId, int ifIndex, String ifName, int fib, String family, String destination,
                            long generation) implements Message {
}

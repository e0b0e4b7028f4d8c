package dev.jailnet.events.route;

import dev.jailnet.events.Message;

/**
 * The answer to a tunnel's {@code TunnelResolve}: whether the tunnel is subscribed to the RIB (false when
 * the fib has no RIB), and the nexthop routing now holds for it, or none (no route), for the generation
 * of endpoints the tunnel asked about.
 */
public record TunnelRouteResolved(String vnetId, int ifIndex, long generation, boolean subscribed, Long nhopId,
                                  String egressIfName, String gateway) implements Message {
}

package dev.jailnet.routing.api;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.RibSubscription;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A {@code rib_subscribe} registration, naming the subscriber as users know it. */
public record SubscriptionView(long id,
                               @Schema(description = "The fib of the RIB subscribed to.") int fib,
                               @Schema(description = "The family of the RIB subscribed to.") IpFamily family,
                               @Schema(description = "The tunnel's interface name (`gif0`).") String subscriber,
                               @Schema(description = "The tunnel's interface index.") int subscriberIndex,
                               @Schema(description = "The tunnel's VNET.") String vnet,
                               @Schema(description = "The tunnel's outer destination, the address its route cache"
                                       + " looks up.") String destination,
                               @Schema(nullable = true, description = "The nexthop the tunnel's route cache holds a"
                                       + " reference on; null when no route leads to `destination`.") Long nhopId,
                               Instant createdAt) {

    static SubscriptionView of(RibSubscription s) {
        return new SubscriptionView(s.id(), s.fib(), s.family(), s.subscriberName(), s.subscriberIfIndex(), s.vnetId(),
                s.destination(), s.heldNhopId().orElse(null), s.createdAt());
    }
}

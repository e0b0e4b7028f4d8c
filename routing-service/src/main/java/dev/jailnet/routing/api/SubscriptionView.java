package dev.jailnet.routing.api;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.RibSubscription;
import java.time.Instant;

/** A {@code rib_subscribe} registration, naming the subscriber as users know it. */
public record SubscriptionView(long id, int fib, IpFamily family, String subscriber, int subscriberIndex, String vnet,
                               String destination, Long nhopId, Instant createdAt) {

    static SubscriptionView of(RibSubscription s) {
        return new SubscriptionView(s.id(), s.fib(), s.family(), s.subscriberName(), s.subscriberIfIndex(), s.vnetId(),
                s.destination(), s.heldNhopId().orElse(null), s.createdAt());
    }
}

package dev.jailnet.routing.api;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Rib;
import java.time.Instant;

public record RibView(String vnetId, int fib, IpFamily family, Instant createdAt) {

    static RibView of(Rib rib) {
        return new RibView(rib.vnetId(), rib.fib(), rib.family(), rib.createdAt());
    }
}

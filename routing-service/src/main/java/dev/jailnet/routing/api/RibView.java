package dev.jailnet.routing.api;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Rib;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A routing table ({@code rib_head}) of one fib and family. */
public record RibView(String vnetId, int fib, IpFamily family,
                      @Schema(description = "When `vnet_rtables_init` made it.") Instant createdAt) {

    static RibView of(Rib rib) {
        return new RibView(rib.vnetId(), rib.fib(), rib.family(), rib.createdAt());
    }
}

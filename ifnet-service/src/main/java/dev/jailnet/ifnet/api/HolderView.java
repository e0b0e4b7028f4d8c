package dev.jailnet.ifnet.api;

import dev.jailnet.ifnet.domain.IfnetRef;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A reference held on an interface ({@code if_ref}) and its holder. */
public record HolderView(@Schema(description = "Who holds it: a routing nexthop, as `nhop:VNET/ID`.") String holder,
                         @Schema(description = "When the reference was taken.") Instant takenAt) {

    static HolderView of(IfnetRef ref) {
        return new HolderView(ref.holder(), ref.takenAt());
    }
}

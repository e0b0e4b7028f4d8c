package dev.jailnet.events.jail;

import dev.jailnet.events.Message;
import java.time.Instant;
import java.util.List;

/**
 * A jail was created (state INVALID for a VNET jail, ALIVE otherwise). For a VNET jail this starts the
 * VNET creation saga; {@code interfaces} are the host interfaces to loan in ({@code vnet.interface}).
 */
public record JailCreated(int jid, String name, boolean vnet, String vnetId, List<String> interfaces,
                          Instant createdAt) implements Message {

    public JailCreated {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }
}

package dev.jailnet.events.jail;

import dev.jailnet.events.Message;
import java.time.Instant;
import java.util.List;

/**
 * A jail was created (state INVALID for a VNET jail, ALIVE otherwise). For a VNET jail this starts the
 * VNET creation saga; {@code interfaces} are the host interfaces to loan in ({@code vnet.interface});
 * {@code legacy} asks for the old teardown, without {@code vnet_shutdown}, for comparison.
 */
public record JailCreated(int jid, String name, boolean vnet, String vnetId, List<String> interfaces,
                          Instant createdAt, boolean legacy) implements Message {

    public JailCreated {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    public JailCreated(int jid, String name, boolean vnet, String vnetId, List<String> interfaces, Instant createdAt) {
        this(jid, name, vnet, vnetId, interfaces, createdAt, false);
    }
}

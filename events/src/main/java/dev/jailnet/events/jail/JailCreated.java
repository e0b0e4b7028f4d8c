package dev.jailnet.events.jail;

import dev.jailnet.events.Message;
import dev.jailnet.events.VnetIds;
import java.time.Instant;
import java.util.List;

/**
 * A jail was created (state INVALID for a VNET jail, ALIVE otherwise). For a VNET jail this starts the
 * VNET creation saga; {@code interfaces} are the host interfaces to loan in ({@code vnet.interface});
 * {@code legacy} asks for the old teardown, without {@code vnet_shutdown}, for comparison. {@code parentJid} is the
 * jail it was created in (null for a child of the host, {@code prison0}) and {@code parentVnetId} that jail's VNET,
 * the context the new jail is made from: its {@code vnet.interface}s are taken from there, and a VNET of its own is
 * a child of that one (vnet0 for a child of the host).
 */
public record JailCreated(int jid, String name, boolean vnet, String vnetId, List<String> interfaces,
                          Instant createdAt, boolean legacy, Integer parentJid, String parentVnetId)
        implements Message {

    public JailCreated {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
        parentVnetId = parentVnetId == null ? VnetIds.VNET0 : parentVnetId;
    }

    public JailCreated(int jid, String name, boolean vnet, String vnetId, List<String> interfaces, Instant createdAt,
                       boolean legacy) {
        this(jid, name, vnet, vnetId, interfaces, createdAt, legacy, null, VnetIds.VNET0);
    }

    public JailCreated(int jid, String name, boolean vnet, String vnetId, List<String> interfaces, Instant createdAt) {
        this(jid, name, vnet, vnetId, interfaces, createdAt, false);
    }
}

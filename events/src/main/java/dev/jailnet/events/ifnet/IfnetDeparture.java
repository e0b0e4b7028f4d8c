package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;
import java.util.List;

/**
 * {@code ifnet_departure_event}: an interface left a VNET, moved out or destroyed. Its {@code fate} says whether
 * the interface layer waits for routing to forget it ({@code IfnetDetached}); a departure without one (an older
 * producer's) is answered. Its addresses left with it ({@code if_purgeaddrs}); {@code heirs} are the addresses that
 * take over the prefix routes those held, one per network (none in an older producer's).
 */
public record IfnetDeparture(String vnetId, String name, int index, Fate fate, List<PrefixRouteHeir> heirs)
        implements Message {

    public IfnetDeparture {
        heirs = heirs == null ? List.of() : List.copyOf(heirs);
    }

    /** A departure whose addresses, if any, held no prefix route another address takes over. */
    public IfnetDeparture(String vnetId, String name, int index, Fate fate) {
        this(vnetId, name, index, fate, List.of());
    }

    /** What became of the interface. */
    public enum Fate {
        /** {@code if_vmove}: it lives on in another VNET; nothing here waits for routing. */
        VMOVE,
        /** Destroyed and freed at once: nothing held it, nothing waits for routing. */
        FREED,
        /** Destroyed, a tombstone until routing has forgotten it and its last reference went. */
        TOMBSTONE
    }

    /** Whether the interface layer waits for routing's {@code IfnetDetached}. */
    public boolean awaitsDetach() {
        return fate == null || fate == Fate.TOMBSTONE;
    }
}

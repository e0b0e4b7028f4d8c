package dev.jailnet.events.ifnet;

import dev.jailnet.events.Message;

/**
 * {@code ifnet_departure_event}: an interface left a VNET, moved out or destroyed. Its {@code fate} says whether
 * the interface layer waits for routing to forget it ({@code IfnetDetached}); a departure without one (an older
 * producer's) is answered.
 */
public record IfnetDeparture(String vnetId, String name, int index, Fate fate) implements Message {

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

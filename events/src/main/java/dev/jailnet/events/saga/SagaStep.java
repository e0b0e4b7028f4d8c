package dev.jailnet.events.saga;

import java.util.Set;

/**
 * The steps of the sagas vnet-service orchestrates, named for the kernel routine they stand for, and
 * the participants that carry each out (a step sent to several completes when all have answered).
 */
public enum SagaStep {
    /** {@code vnet_loif_init}: the VNET's own {@code lo0}. */
    LOIF_INIT(Participant.IFNET),
    /** {@code vnet_rtables_init}: one RIB per fib and address family. */
    RTABLES_INIT(Participant.ROUTING),
    /** {@code if_vmove} of each {@code vnet.interface} from the host into the new VNET. */
    IF_VMOVE(Participant.IFNET),
    /** Compensation of {@link #IF_VMOVE}: the loaned interfaces go home ({@code vnet_if_return}). */
    IF_RETURN(Participant.IFNET),
    /** Compensation of {@link #RTABLES_INIT} when creation fails, and the last step of {@code vnet_shutdown}: {@code rtables_destroy}. */
    RTABLES_DESTROY(Participant.ROUTING),
    /** Compensation of {@link #LOIF_INIT} when creation fails: {@code vnet_loif_uninit}. */
    LOIF_UNINIT(Participant.IFNET),

    /** {@code vnet_shutdown} 1: both layers refuse new resources in the VNET and ignore late events for it. */
    FREEZE(Participant.IFNET, Participant.ROUTING),
    /** {@code vnet_shutdown} 2: every tunnel goes down, dropping its nexthop reference and its subscription. */
    IFNET_RELEASE_CACHES(Participant.IFNET),
    /** {@code vnet_shutdown} 3: those releases applied, every route deleted, every nexthop freed. */
    ROUTING_RELEASE_AND_FLUSH(Participant.ROUTING),
    /** {@code vnet_shutdown} 4: interface references released, addresses purged, loans returned, own interfaces destroyed. */
    IFNET_DETACH(Participant.IFNET);

    private final Set<Participant> participants;

    SagaStep(Participant... participants) {
        this.participants = Set.of(participants);
    }

    public Set<Participant> participants() {
        return participants;
    }

    public enum Participant {
        IFNET, ROUTING
    }
}

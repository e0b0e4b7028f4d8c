package dev.jailnet.events.saga;

/**
 * The steps of the sagas vnet-service orchestrates, named for the kernel routine they stand for, and
 * the participant that carries each out.
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
    /** Compensation of {@link #RTABLES_INIT} when creation fails: {@code rtables_destroy}. */
    RTABLES_DESTROY(Participant.ROUTING),
    /** Compensation of {@link #LOIF_INIT} when creation fails: {@code vnet_loif_uninit}. */
    LOIF_UNINIT(Participant.IFNET);

    private final Participant participant;

    SagaStep(Participant participant) {
        this.participant = participant;
    }

    public Participant participant() {
        return participant;
    }

    public enum Participant {
        IFNET, ROUTING
    }
}

package dev.jailnet.events.saga;

/**
 * The steps of the sagas vnet-service orchestrates, named for what they make or release, with the kernel's
 * routine where there is one. Which sagas run them, in which order and at which participants is declared once,
 * in vnet-service's {@code SagaType}.
 */
public enum SagaStep {
    /** {@code vnet_loif_init}: the VNET's own {@code lo0}. */
    LOIF_INIT,
    /** {@code vnet_rtables_init}: one RIB per fib and address family. */
    RTABLES_INIT,
    /** {@code if_vmove} of each {@code vnet.interface} from the host into the new VNET. */
    IF_VMOVE,
    /** {@code vnet_if_return} of the interfaces {@link #IF_VMOVE} moved in: undoes it. */
    IF_RETURN,
    /** {@code rtables_destroy}: the VNET's RIBs go (undoes {@link #RTABLES_INIT}; the end of {@code vnet_shutdown}). */
    RTABLES_DESTROY,
    /** {@code vnet_loif_uninit}: the VNET's {@code lo0} goes (undoes {@link #LOIF_INIT}). */
    LOIF_UNINIT,

    /** The VNET is shutting down ({@code vnet_shutdown} set): nothing new in it, late events for it ignored. */
    FREEZE,
    /** Every tunnel's route cache released: its nexthop reference and its RIB subscription. */
    TUNNEL_CACHE_RELEASE,
    /** The RIBs flushed: the tunnels' holds applied, every route deleted, every nexthop freed with its interface reference. */
    RIB_FLUSH,
    /** {@code if_detach} of every interface: references released, addresses purged, loans returned home, own ones destroyed. */
    IFNET_DETACH
}

package dev.jailnet.events.saga;

/** The cross-service references {@code vnet_shutdown} releases, each named for who holds what. */
public enum ReferenceKind {
    /** A tunnel's hold on the nexthop its route cache keeps (gif's cached {@code nhop}). */
    TUNNEL_NHOP,
    /** A tunnel's subscription to its outer fib's RIB ({@code rib_subscribe}). */
    RIB_SUBSCRIPTION,
    /** A nexthop's reference on the interface it sends through ({@code if_ref} of {@code nh_ifp}). */
    NHOP_IFNET
}

package dev.jailnet.vnet.domain;

/**
 * A VNET's life: CREATING while {@code vnet_alloc} runs its constructors (the creation saga), ALIVE,
 * SHUTTING_DOWN during {@code vnet_shutdown}, SHUT_DOWN when nothing refers across the cycle any more,
 * DESTROYED after {@code vnet_destroy}. FAILED: creation was undone.
 */
public enum VnetState {
    CREATING, ALIVE, SHUTTING_DOWN, SHUT_DOWN, DESTROYED, FAILED
}

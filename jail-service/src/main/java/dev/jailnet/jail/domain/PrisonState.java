package dev.jailnet.jail.domain;

/** {@code prison_state}: INVALID while being created, ALIVE, DYING until its last reference goes. */
public enum PrisonState {
    INVALID, ALIVE, DYING
}

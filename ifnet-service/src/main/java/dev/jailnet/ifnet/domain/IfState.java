package dev.jailnet.ifnet.domain;

/** ATTACHED to a VNET, or a TOMBSTONE: detached, kept until routing forgot it and its last reference went. */
public enum IfState {
    ATTACHED, TOMBSTONE
}

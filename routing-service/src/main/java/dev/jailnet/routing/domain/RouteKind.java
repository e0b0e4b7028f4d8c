package dev.jailnet.routing.domain;

/** Where a route comes from, and the flags {@code netstat -rn} shows for it. */
public enum RouteKind {
    /** The network of an interface address. */
    CONNECTED,
    /** The address itself, through {@code lo0}. */
    LOCAL,
    /** {@code route add}. */
    STATIC
}

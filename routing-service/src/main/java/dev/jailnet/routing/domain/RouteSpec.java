package dev.jailnet.routing.domain;

/**
 * A {@code route add} as asked: the destination ("default", a prefix or a host), a gateway on a connected
 * network or an interface (or both), and the fib.
 */
public record RouteSpec(String destination, String gateway, String interfaceName, int fib) {
}

package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpFamily;

/** Which RIB of a VNET: the kernel finds one by fib number and address family ({@code rt_tables_get_rnh}). */
public record RibId(int fib, IpFamily family) {
}

package dev.jailnet.ifnet.domain;

/** The interface flags {@code ifconfig} prints ({@code IFF_UP}, {@code IFF_LOOPBACK}, ...), in its order. */
public enum IfFlag {
    UP, LOOPBACK, POINTOPOINT, BROADCAST, RUNNING, SIMPLEX, MULTICAST
}

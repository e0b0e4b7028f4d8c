package dev.jailnet.routing.domain;

/** {@code AF_INET} and {@code AF_INET6}, named as {@code netstat -f} names them. */
public enum AddressFamily {
    INET, INET6
}

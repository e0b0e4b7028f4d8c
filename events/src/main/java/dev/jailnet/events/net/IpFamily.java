package dev.jailnet.events.net;

/** {@code AF_INET} and {@code AF_INET6}, named as {@code netstat -f} names them. */
public enum IpFamily {
    INET(32), INET6(128);

    private final int bits;

    IpFamily(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }
}

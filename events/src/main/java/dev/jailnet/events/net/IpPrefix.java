package dev.jailnet.events.net;

import java.math.BigInteger;
import java.util.Objects;

/**
 * A network prefix: an address with its host bits cleared, and a length. {@code default} is the prefix
 * of length 0; a bare address is a host prefix (/32 or /128).
 */
public final class IpPrefix {

    private final IpAddress network;
    private final int length;

    private IpPrefix(IpAddress network, int length) {
        this.network = network;
        this.length = length;
    }

    public static IpPrefix of(IpAddress address, int length) {
        int bits = checkedLength(address.family(), length);
        return new IpPrefix(new IpAddress(address.family(), address.value().and(mask(bits, length))), length);
    }

    /** The family's bit count, once {@code length} is known to be a prefix length of it. */
    static int checkedLength(IpFamily family, int length) {
        int bits = family.bits();
        if (length < 0 || length > bits) {
            throw new IllegalArgumentException("prefix length " + length + " is out of range 0-" + bits
                    + " for " + family.name().toLowerCase());
        }
        return bits;
    }

    /** "10.1.0.0/16", "10.1.2.3" (a host), "2001:db8::/32"; "default" needs {@link #defaultRoute}. */
    public static IpPrefix parse(String text) {
        return CidrAddress.parse(text).prefix();
    }

    public static IpPrefix defaultRoute(IpFamily family) {
        return new IpPrefix(new IpAddress(family, BigInteger.ZERO), 0);
    }

    public boolean contains(IpAddress address) {
        int bits = network.family().bits();
        return address.family() == network.family()
                && address.value().and(mask(bits, length)).equals(network.value());
    }

    public IpFamily family() {
        return network.family();
    }

    public IpAddress network() {
        return network;
    }

    public int length() {
        return length;
    }

    public boolean isHost() {
        return length == network.family().bits();
    }

    public boolean isDefault() {
        return length == 0;
    }

    private static BigInteger mask(int bits, int length) {
        return BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE));
    }

    /** "10.1.0.0/16"; a default route prints as "default", as {@code netstat -rn} prints it. */
    public String toCidr() {
        return network + "/" + length;
    }

    @Override
    public String toString() {
        return isDefault() ? "default" : toCidr();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpPrefix other && length == other.length && network.equals(other.network);
    }

    @Override
    public int hashCode() {
        return Objects.hash(network, length);
    }
}

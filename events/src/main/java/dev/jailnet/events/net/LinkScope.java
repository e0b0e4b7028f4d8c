package dev.jailnet.events.net;

import java.math.BigInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The scope of an IPv6 link-local address (fe80::/64), kept as the kernel keeps it: embedded in the address
 * ({@code in6_setscope}, KAME's embedded scope), so that {@code fe80::1} on two interfaces are two addresses and
 * {@code fe80::/64} on two interfaces two networks to every comparison, every index and every longest-prefix match,
 * as each link is its own zone (RFC 4007). The kernel puts the interface's index in the second 16-bit group; the
 * model's indexes are not bounded by 65535, so it takes the three groups fe80::/64 leaves zero. A user
 * writes the zone after '%' ({@code fe80::1%epair0b}) and is shown it so; only the stores and the records between
 * the services see the embedded form.
 */
public final class LinkScope {

    private static final BigInteger LINK_LOCAL = BigInteger.valueOf(0xfe80).shiftLeft(112);
    private static final BigInteger TOP_64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE).shiftLeft(64);
    private static final BigInteger TOP_10 = BigInteger.valueOf(0x3ff).shiftLeft(118);
    private static final BigInteger ZONE_BITS = BigInteger.ONE.shiftLeft(48).subtract(BigInteger.ONE).shiftLeft(64);
    /** The shortest prefix that keeps the zone: a link-local network is its link's /64. */
    public static final int MIN_PREFIX_LENGTH = 64;

    private LinkScope() {
    }

    /**
     * An address or a prefix as written, its zone taken out: {@code fe80::1%epair0b/64} is {@code fe80::1/64} in the
     * zone {@code epair0b}; {@code zone} is null when none is given.
     */
    public record Zoned(String address, String zone) {

        public static Zoned parse(String text) {
            int percent = text.indexOf('%');
            if (percent < 0) {
                return new Zoned(text, null);
            }
            int slash = text.indexOf('/', percent);
            String zone = slash < 0 ? text.substring(percent + 1) : text.substring(percent + 1, slash);
            if (!zone.matches("[a-z][a-z0-9]{0,14}")) {
                throw new IllegalArgumentException("'" + zone + "' after '%' in '" + text + "' is not an interface name");
            }
            return new Zoned(text.substring(0, percent) + (slash < 0 ? "" : text.substring(slash)), zone);
        }
    }

    /** fe80::/10, the link-local unicast addresses: the ones a zone applies to. */
    public static boolean isLinkLocal(IpAddress address) {
        return address.family() == IpFamily.INET6 && address.value().and(TOP_10).equals(LINK_LOCAL);
    }

    /** The interface index embedded in a link-local address; 0 when none is (any other address). */
    public static int zone(IpAddress address) {
        return isLinkLocal(address) ? address.value().and(ZONE_BITS).shiftRight(64).intValue() : 0;
    }

    /**
     * The address as the kernel keeps it on the interface of index {@code ifIndex}. A link-local address must be one
     * of fe80::/64, and carry no zone yet.
     */
    public static IpAddress embed(IpAddress address, int ifIndex) {
        if (!isLinkLocal(address)) {
            return address;
        }
        if (!address.value().and(TOP_64).equals(LINK_LOCAL)) {
            throw new IllegalArgumentException("'" + address + "' is not in fe80::/64, the link-local addresses of a link");
        }
        if (ifIndex <= 0) {
            throw new IllegalArgumentException("no interface index " + ifIndex);
        }
        return new IpAddress(IpFamily.INET6, address.value().or(BigInteger.valueOf(ifIndex).shiftLeft(64)));
    }

    /** What {@code read} made of a text: the value, a link-local one on its link, and the zone written (or null). */
    public record Read<T>(T value, String zone) {
    }

    /** One of {@link #readAddress}, {@link #readPrefix}, {@link #readCidr}: for a caller that takes any of them. */
    @FunctionalInterface
    public interface Reader<T> {
        Read<T> read(String text, Function<String, Integer> link);
    }

    /**
     * An address as written; a link-local one is kept on the link whose index {@code link} gives for the zone
     * written (null when none is), embedded. A zone on any other address is refused.
     */
    public static Read<IpAddress> readAddress(String text, Function<String, Integer> link) {
        return read(text, IpAddress::parse, address -> address, (address, embedded) -> embedded, link);
    }

    /** A prefix as written ({@code fe80::%epair0b/64}), as {@link #readAddress}. */
    public static Read<IpPrefix> readPrefix(String text, Function<String, Integer> link) {
        return read(text, IpPrefix::parse, IpPrefix::network,
                (prefix, embedded) -> IpPrefix.of(embedded, prefix.length()), link);
    }

    /** An address with its prefix length as written ({@code fe80::2%epair0b/64}), as {@link #readAddress}. */
    public static Read<CidrAddress> readCidr(String text, Function<String, Integer> link) {
        return read(text, CidrAddress::parse, CidrAddress::address,
                (cidr, embedded) -> new CidrAddress(embedded, cidr.length()), link);
    }

    private static <T> Read<T> read(String text, Function<String, T> parser, Function<T, IpAddress> addressOf,
                                    BiFunction<T, IpAddress, T> onLink, Function<String, Integer> link) {
        Zoned zoned = Zoned.parse(text);
        T parsed = parser.apply(zoned.address());
        IpAddress address = addressOf.apply(parsed);
        if (!isLinkLocal(address)) {
            if (zoned.zone() != null) {
                throw new IllegalArgumentException("'" + text + "' has a zone, and only a link-local address"
                        + " (fe80::/64) has one");
            }
            return new Read<>(parsed, null);
        }
        return new Read<>(onLink.apply(parsed, embed(address, link.apply(zoned.zone()))), zoned.zone());
    }

    /** The address without its zone, as the user writes it before the '%'. */
    public static IpAddress strip(IpAddress address) {
        return zone(address) == 0 ? address
                : new IpAddress(IpFamily.INET6, address.value().andNot(ZONE_BITS));
    }

    /** "fe80::1%epair0b" for an embedded link-local address, the address itself for any other. */
    public static String show(IpAddress address, IntFunction<String> interfaceName) {
        int zone = zone(address);
        return zone == 0 ? address.toString() : strip(address) + "%" + interfaceName.apply(zone);
    }

    /** As {@link #show(IpAddress, IntFunction)}, for an address in its canonical text as the stores keep it. */
    public static String show(String canonical, IntFunction<String> interfaceName) {
        // only fe80::/10 can carry a zone; everything else is written as it is kept, without being read again
        return canonical.startsWith("fe") && canonical.indexOf(':') > 0
                ? show(IpAddress.parse(canonical), interfaceName) : canonical;
    }

    /** "fe80::%epair0b/64" for a link-local network, {@link IpPrefix#toString()} for any other. */
    public static String show(IpPrefix prefix, IntFunction<String> interfaceName) {
        int zone = zone(prefix.network());
        return zone == 0 || prefix.length() < MIN_PREFIX_LENGTH ? prefix.toString()
                : show(prefix.network(), interfaceName) + "/" + prefix.length();
    }
}

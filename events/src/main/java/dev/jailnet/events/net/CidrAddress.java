package dev.jailnet.events.net;

/**
 * An address with its prefix length, as {@code ifconfig} takes one ({@code 10.0.0.2/24}): unlike {@link IpPrefix},
 * the host bits are kept. A bare address is a host address (/32, /128).
 */
public record CidrAddress(IpAddress address, int length) {

    public CidrAddress {
        IpPrefix.checkedLength(address.family(), length);
    }

    public static CidrAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a prefix is required");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            IpAddress host = IpAddress.parse(text);
            return new CidrAddress(host, host.family().bits());
        }
        IpAddress address = IpAddress.parse(text.substring(0, slash));
        String length = text.substring(slash + 1);
        if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + text + "' has no valid prefix length after '/'");
        }
        return new CidrAddress(address, Integer.parseInt(length));
    }

    /** The network the address is on: {@code 10.0.0.0/24} for {@code 10.0.0.2/24}. */
    public IpPrefix prefix() {
        return IpPrefix.of(address, length);
    }

    @Override
    public String toString() {
        return address + "/" + length;
    }
}

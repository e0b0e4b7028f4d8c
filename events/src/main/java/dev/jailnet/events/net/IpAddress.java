package dev.jailnet.events.net;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An IPv4 or IPv6 address, parsed from its literal form only (never a name lookup) and printed in the
 * canonical form (dotted quad; RFC 5952 for IPv6).
 */
public final class IpAddress implements Comparable<IpAddress> {

    private final IpFamily family;
    private final BigInteger value;

    IpAddress(IpFamily family, BigInteger value) {
        this.family = family;
        this.value = value;
    }

    public static IpAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address is required");
        }
        return text.indexOf(':') >= 0 ? parse6(text) : parse4(text);
    }

    private static IpAddress parse4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (four numbers 0-255 joined by dots)");
        }
        long value = 0;
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || (part.length() > 1 && part.charAt(0) == '0')) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address (four numbers 0-255 joined by dots)");
            }
            int octet = Integer.parseInt(part);
            if (octet > 255) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address: " + octet + " is above 255");
            }
            value = value << 8 | octet;
        }
        return new IpAddress(IpFamily.INET, BigInteger.valueOf(value));
    }

    private static IpAddress parse6(String text) {
        String invalid = "'" + text + "' is not an IPv6 address";
        if (!text.matches("[0-9A-Fa-f:.]+") || text.contains(":::") || text.indexOf("::") != text.lastIndexOf("::")) {
            throw new IllegalArgumentException(invalid);
        }
        String head = text;
        String tail = "";
        boolean compressed = text.contains("::");
        if (compressed) {
            head = text.substring(0, text.indexOf("::"));
            tail = text.substring(text.indexOf("::") + 2);
        }
        List<Integer> front = groups(head, invalid);
        List<Integer> back = groups(tail, invalid);
        int total = front.size() + back.size();
        if (compressed ? total > 7 : total != 8) {
            throw new IllegalArgumentException(invalid + " (it needs eight groups, or '::')");
        }
        BigInteger value = BigInteger.ZERO;
        List<Integer> all = new ArrayList<>(front);
        for (int i = total; i < 8; i++) {
            all.add(0);
        }
        all.addAll(back);
        for (int group : all) {
            value = value.shiftLeft(16).or(BigInteger.valueOf(group));
        }
        return new IpAddress(IpFamily.INET6, value);
    }

    private static List<Integer> groups(String text, String invalid) {
        List<Integer> groups = new ArrayList<>();
        if (text.isEmpty()) {
            return groups;
        }
        String[] parts = text.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (i == parts.length - 1 && part.contains(".")) {
                long v4 = parse4(part).value.longValue();
                groups.add((int) (v4 >> 16));
                groups.add((int) (v4 & 0xffff));
            } else if (part.isEmpty() || part.length() > 4 || part.contains(".")) {
                throw new IllegalArgumentException(invalid);
            } else {
                groups.add(Integer.parseInt(part, 16));
            }
        }
        return groups;
    }

    public IpFamily family() {
        return family;
    }

    BigInteger value() {
        return value;
    }

    @Override
    public String toString() {
        if (family == IpFamily.INET) {
            long v = value.longValue();
            return (v >> 24 & 255) + "." + (v >> 16 & 255) + "." + (v >> 8 & 255) + "." + (v & 255);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = value.shiftRight(16 * (7 - i)).intValue() & 0xffff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && family == other.family && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(family, value);
    }

    @Override
    public int compareTo(IpAddress other) {
        int byFamily = family.compareTo(other.family);
        return byFamily != 0 ? byFamily : value.compareTo(other.value);
    }
}

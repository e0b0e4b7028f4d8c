package dev.jailnet.ifnet.domain;

import dev.jailnet.problem.Rejected;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Interface cloners ({@code if_clone}): which kinds can be created, how their units are allocated (the
 * lowest free unit of the cloner, freed units reused), and how they are named.
 */
public final class Cloners {

    /** {@code IFNAMSIZ} is 16 with the terminating NUL. */
    public static final int MAX_NAME = 15;
    private static final Pattern UNIT_NAME = Pattern.compile("([a-z]+)([0-9]{1,5})");
    private static final Pattern INTERFACE_NAME = Pattern.compile("[a-z][a-z0-9_.]*");

    private Cloners() {
    }

    /** The kind a cloner name creates: {@code epair}, {@code gif}, {@code gre}, {@code vxlan}, {@code bridge}, {@code lo}. */
    public static IfKind kind(String cloner) {
        if (cloner == null) {
            throw Rejected.invalid("cloner", "is required: one of epair, gif, gre, vxlan, bridge, lo");
        }
        return switch (cloner) {
            case "epair" -> IfKind.EPAIR;
            case "gif" -> IfKind.GIF;
            case "gre" -> IfKind.GRE;
            case "vxlan" -> IfKind.VXLAN;
            case "bridge" -> IfKind.BRIDGE;
            case "lo" -> IfKind.LOOP;
            default -> throw Rejected.invalid("cloner", "no cloner '" + cloner
                    + "' (ifconfig -C: epair, gif, gre, vxlan, bridge, lo)");
        };
    }

    /** The unit a requested name asks for ({@code gif7} is unit 7; {@code epair3} is the pair 3a/3b). */
    public static int requestedUnit(IfKind kind, String name) {
        Matcher m = UNIT_NAME.matcher(name);
        if (!m.matches() || !m.group(1).equals(kind.cloner())) {
            throw Rejected.invalid("name", "'" + name + "' is not a " + kind.cloner() + " name (" + kind.cloner()
                    + " followed by a unit number)");
        }
        return Integer.parseInt(m.group(2));
    }

    /** {@code ifc_alloc_unit}: the lowest unit not in use. */
    public static int lowestFreeUnit(Set<Integer> used) {
        int unit = 0;
        while (used.contains(unit)) {
            unit++;
        }
        return unit;
    }

    /** The names a unit gets: one, or both halves of an epair. */
    public static List<String> names(IfKind kind, int unit) {
        String base = kind.cloner() + unit;
        return kind == IfKind.EPAIR ? List.of(base + "a", base + "b") : List.of(base);
    }

    /** Interface names: 1 to 15 characters, a lower-case letter first, then letters, digits, '_' or '.'. */
    public static void validateName(String field, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
            throw Rejected.invalid(field, "an interface name has 1 to " + MAX_NAME + " characters");
        }
        if (!INTERFACE_NAME.matcher(name).matches()) {
            throw Rejected.invalid(field, "'" + name + "' is not an interface name (a lower-case letter, then "
                    + "letters, digits, '_' or '.')");
        }
    }
}

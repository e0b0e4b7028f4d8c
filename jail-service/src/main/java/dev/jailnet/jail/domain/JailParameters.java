package dev.jailnet.jail.domain;

import java.util.List;

/**
 * What {@code jail -c} is given: the name (dotted for a jail in a jail), the parent's jid or name when given apart,
 * {@code vnet}, {@code persist}, whether the creating process enters it, its {@code vnet.interface}s, whether its VNET
 * goes the old way, and {@code children.max}.
 */
public record JailParameters(String name, String parent, boolean vnet, boolean persist, boolean attach,
                             List<String> interfaces, boolean legacy, int childrenMax) {

    /** The longest full name, the parents' names and dots included. */
    public static final int NAME_LENGTH = 64;

    public JailParameters {
        interfaces = interfaces == null ? List.of() : List.copyOf(interfaces);
    }

    /** A child of the host that may have no children. */
    public static JailParameters of(String name, boolean vnet, boolean persist, boolean attach, List<String> interfaces,
                                    boolean legacy) {
        return new JailParameters(name, null, vnet, persist, attach, interfaces, legacy, 0);
    }
}

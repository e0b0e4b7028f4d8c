package dev.jailnet.events;

/** The host's VNET, which always exists and is never destroyed. */
public final class VnetIds {

    public static final String VNET0 = "vnet0";

    private VnetIds() {
    }

    public static boolean isHost(String vnetId) {
        return VNET0.equals(vnetId);
    }
}

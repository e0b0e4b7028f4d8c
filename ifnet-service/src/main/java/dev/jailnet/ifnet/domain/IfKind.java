package dev.jailnet.ifnet.domain;

/** What an interface is, and the MTU it starts with. */
public enum IfKind {
    LOOP("lo", 16384),
    ETHER("em", 1500),
    EPAIR("epair", 1500),
    GIF("gif", 1280),
    GRE("gre", 1476),
    VXLAN("vxlan", 1450),
    BRIDGE("bridge", 1500);

    private final String cloner;
    private final int mtu;

    IfKind(String cloner, int mtu) {
        this.cloner = cloner;
        this.mtu = mtu;
    }

    public String cloner() {
        return cloner;
    }

    public int mtu() {
        return mtu;
    }
}

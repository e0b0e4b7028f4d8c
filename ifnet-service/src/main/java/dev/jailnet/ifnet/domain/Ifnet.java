package dev.jailnet.ifnet.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An interface ({@code struct ifnet}): a global index that survives moves, a name unique within its
 * current VNET ({@code if_vnet}), and the VNET that created it ({@code if_home_vnet}).
 */
@Entity
@Table(name = "ifnet")
public class Ifnet {

    public static final int IFNAMSIZ = 16;

    @Id
    @Column(name = "if_index")
    private int index;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IfKind kind;

    @Column(name = "home_vnet", nullable = false)
    private String homeVnet;

    @Column(name = "vnet", nullable = false)
    private String vnet;

    @Column(nullable = false)
    private boolean up;

    @Column(nullable = false)
    private boolean running;

    @Column(nullable = false)
    private int mtu;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Version
    private long version;

    protected Ifnet() {
    }

    private Ifnet(int index, String name, IfKind kind, String vnet, Instant now) {
        if (name.isEmpty() || name.length() >= IFNAMSIZ) {
            throw new IllegalArgumentException("an interface name has 1 to " + (IFNAMSIZ - 1) + " characters");
        }
        this.index = index;
        this.name = name;
        this.kind = kind;
        this.homeVnet = vnet;
        this.vnet = vnet;
        this.mtu = kind.mtu();
        this.createdAt = now;
    }

    /** {@code if_attach} in {@code vnet}: the interface's home. Loopbacks and NICs come up at once. */
    public static Ifnet attach(int index, String name, IfKind kind, String vnet, Instant now) {
        Ifnet ifp = new Ifnet(index, name, kind, vnet, now);
        if (kind == IfKind.LOOP || kind == IfKind.ETHER) {
            ifp.up = true;
            ifp.running = true;
        }
        return ifp;
    }

    /** {@code ifconfig} flags as it prints them. */
    public List<String> flags() {
        boolean pointToPoint = kind == IfKind.GIF || kind == IfKind.GRE;
        List<String> flags = new ArrayList<>();
        if (up) {
            flags.add("UP");
        }
        if (kind == IfKind.LOOP) {
            flags.add("LOOPBACK");
        } else if (pointToPoint) {
            flags.add("POINTOPOINT");
        } else {
            flags.add("BROADCAST");
        }
        if (running) {
            flags.add("RUNNING");
        }
        if (!pointToPoint && kind != IfKind.LOOP) {
            flags.add("SIMPLEX");
        }
        flags.add("MULTICAST");
        return flags;
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public IfKind kind() {
        return kind;
    }

    public String homeVnet() {
        return homeVnet;
    }

    public String vnet() {
        return vnet;
    }

    public int mtu() {
        return mtu;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.events.net.IpPrefix;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import org.hibernate.annotations.ColumnTransformer;

/** A route ({@code struct rtentry}): a prefix in one RIB, mapped to a nexthop. */
@Entity
@Table(name = "route")
public class Route {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "vnet_id", nullable = false)
    private String vnetId;

    @Column(nullable = false)
    private int fib;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IpFamily family;

    @Column(nullable = false, columnDefinition = "cidr")
    @ColumnTransformer(write = "cast(? as cidr)")
    private String destination;

    @Column(name = "nhop_id", nullable = false)
    private long nhopId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private RouteKind kind;

    /** For connected and local routes: the interface whose address brought the route. */
    @Column(name = "origin_if_index")
    private Integer originIfIndex;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Route() {
    }

    public Route(String vnetId, int fib, IpPrefix destination, long nhopId, RouteKind kind, Integer originIfIndex,
                 Instant now) {
        this.vnetId = vnetId;
        this.fib = fib;
        this.family = destination.family();
        this.destination = destination.toCidr();
        this.nhopId = nhopId;
        this.kind = kind;
        this.originIfIndex = originIfIndex;
        this.createdAt = now;
    }

    /** {@code netstat -rn} flags: U up, G gateway, H host, S static, C connected (the interface's network). */
    public String flags(boolean viaGateway) {
        StringBuilder flags = new StringBuilder("U");
        if (viaGateway) {
            flags.append('G');
        }
        if (destination().isHost()) {
            flags.append('H');
        }
        if (kind == RouteKind.STATIC || kind == RouteKind.LOCAL) {
            flags.append('S');
        }
        if (kind == RouteKind.CONNECTED) {
            flags.append('C');
        }
        return flags.toString();
    }

    public Long id() {
        return id;
    }

    public String vnetId() {
        return vnetId;
    }

    public int fib() {
        return fib;
    }

    public IpFamily family() {
        return family;
    }

    public IpPrefix destination() {
        return IpPrefix.parse(destination);
    }

    public long nhopId() {
        return nhopId;
    }

    /** {@code RTM_CHANGE}: the route goes through another nexthop; the caller releases the one it used. */
    public void useNexthop(long nhopId) {
        this.nhopId = nhopId;
    }

    public RouteKind kind() {
        return kind;
    }

    public Optional<Integer> originIfIndex() {
        return Optional.ofNullable(originIfIndex);
    }

    public Instant createdAt() {
        return createdAt;
    }
}

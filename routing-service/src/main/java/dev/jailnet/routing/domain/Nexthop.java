package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpFamily;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * A nexthop ({@code struct nhop_object}): the egress shared by every route that leaves through the same
 * interface and gateway. It holds a reference on its interface; its own reference count is derived from
 * its holders (routes and tunnels), and it is freed when that count reaches 0.
 */
@Entity
@Table(name = "nhop")
public class Nexthop {

    @Id
    private long id;

    @Column(name = "vnet_id", nullable = false)
    private String vnetId;

    @Column(nullable = false)
    private int fib;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IpFamily family;

    @Column(name = "if_index", nullable = false)
    private int ifIndex;

    @Column(name = "if_name", nullable = false)
    private String ifName;

    private String gateway;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Nexthop() {
    }

    public Nexthop(long id, String vnetId, int fib, IpFamily family, int ifIndex, String ifName, String gateway,
                   Instant now) {
        this.id = id;
        this.vnetId = vnetId;
        this.fib = fib;
        this.family = family;
        this.ifIndex = ifIndex;
        this.ifName = ifName;
        this.gateway = gateway;
        this.createdAt = now;
    }

    public long id() {
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

    public int ifIndex() {
        return ifIndex;
    }

    public String ifName() {
        return ifName;
    }

    /**
     * Names a link by its index, for a link-local address to be shown with its zone: this nexthop's own interface
     * by its name, any other (an address's, whose local route leaves by {@code lo0}) by {@code others}.
     */
    public IntFunction<String> linkNames(IntFunction<String> others) {
        return index -> index == ifIndex ? ifName : others.apply(index);
    }

    public Optional<String> gateway() {
        return Optional.ofNullable(gateway);
    }

    public Instant createdAt() {
        return createdAt;
    }
}

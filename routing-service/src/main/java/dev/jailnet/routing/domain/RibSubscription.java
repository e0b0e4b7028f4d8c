package dev.jailnet.routing.domain;

import dev.jailnet.events.net.IpFamily;
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

/**
 * {@code rib_subscribe}: a tunnel registered on a RIB, told of every change in it. Routing also records
 * here the nexthop the tunnel holds a reference on (its route cache), which counts in that nexthop's
 * references.
 */
@Entity
@Table(name = "rib_subscription")
public class RibSubscription {

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

    @Column(name = "subscriber_if_index", nullable = false)
    private int subscriberIfIndex;

    @Column(name = "subscriber_name", nullable = false)
    private String subscriberName;

    /** The tunnel's outer destination, the address it looks up. */
    @Column(nullable = false)
    private String destination;

    @Column(name = "held_nhop_id")
    private Long heldNhopId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected RibSubscription() {
    }

    public RibSubscription(String vnetId, int fib, IpFamily family, int subscriberIfIndex, String subscriberName,
                           String destination, Instant now) {
        this.vnetId = vnetId;
        this.fib = fib;
        this.family = family;
        this.subscriberIfIndex = subscriberIfIndex;
        this.subscriberName = subscriberName;
        this.destination = destination;
        this.createdAt = now;
    }

    public void retarget(int newFib, IpFamily newFamily, String newDestination, String name) {
        this.fib = newFib;
        this.family = newFamily;
        this.destination = newDestination;
        this.subscriberName = name;
    }

    public void hold(Long nhopId) {
        this.heldNhopId = nhopId;
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

    public int subscriberIfIndex() {
        return subscriberIfIndex;
    }

    public String subscriberName() {
        return subscriberName;
    }

    public String destination() {
        return destination;
    }

    public Optional<Long> heldNhopId() {
        return Optional.ofNullable(heldNhopId);
    }

    public Instant createdAt() {
        return createdAt;
    }
}

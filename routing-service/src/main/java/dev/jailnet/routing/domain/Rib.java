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

/** A routing table ({@code struct rib_head}): one per VNET, fib and address family. */
@Entity
@Table(name = "rib")
public class Rib {

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

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Rib() {
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

    public Instant createdAt() {
        return createdAt;
    }
}

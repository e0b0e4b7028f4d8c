package dev.jailnet.ifnet.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A VNET as the interface layer knows it: attached by {@code vnet_loif_init}, gone after its uninit. */
@Entity
@Table(name = "vnet")
public class IfnetVnet {

    public enum State {
        ALIVE
    }

    @Id
    @Column(name = "vnet_id")
    private String vnetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private State state;

    @Column(name = "attached_at", nullable = false)
    private Instant attachedAt;

    protected IfnetVnet() {
    }

    public IfnetVnet(String vnetId, Instant now) {
        this.vnetId = vnetId;
        this.state = State.ALIVE;
        this.attachedAt = now;
    }

    public String vnetId() {
        return vnetId;
    }

    public State state() {
        return state;
    }
}

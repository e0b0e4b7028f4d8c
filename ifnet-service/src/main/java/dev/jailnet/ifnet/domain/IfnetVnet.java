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

    /** ALIVE, or SHUTTING_DOWN once {@code vnet_shutdown} froze it: nothing new is created in it. */
    public enum State {
        ALIVE, SHUTTING_DOWN
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

    /** Returns false when it was frozen already. */
    public boolean freeze() {
        if (state == State.SHUTTING_DOWN) {
            return false;
        }
        state = State.SHUTTING_DOWN;
        return true;
    }

    public String vnetId() {
        return vnetId;
    }

    public State state() {
        return state;
    }
}

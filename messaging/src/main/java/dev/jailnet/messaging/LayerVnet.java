package dev.jailnet.messaging;

import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * A VNET as a participant layer knows it (a row of its own schema): ALIVE, or SHUTTING_DOWN once
 * {@code vnet_shutdown} froze it, when nothing new is created in it and late events for it are ignored. Read through
 * the ORM; each layer's repository inserts the row and {@link LayerVnets} freezes it, one statement each.
 */
@MappedSuperclass
public abstract class LayerVnet {

    /** ALIVE, or SHUTTING_DOWN once {@code vnet_shutdown} froze it. */
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

    protected LayerVnet() {
    }

    public boolean isAlive() {
        return state == State.ALIVE;
    }

    public String vnetId() {
        return vnetId;
    }

    public State state() {
        return state;
    }
}

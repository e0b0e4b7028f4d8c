package dev.jailnet.routing.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A VNET as the routing layer knows it: from {@code vnet_rtables_init} to {@code rtables_destroy}. */
@Entity
@Table(name = "vnet")
public class RoutingVnet {

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

    protected RoutingVnet() {
    }

    public RoutingVnet(String vnetId, Instant now) {
        this.vnetId = vnetId;
        this.state = State.ALIVE;
        this.attachedAt = now;
    }

    public void freeze() {
        state = State.SHUTTING_DOWN;
    }

    public String vnetId() {
        return vnetId;
    }

    public State state() {
        return state;
    }
}

package dev.jailnet.jail.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A reference that is not a process ({@code prison_hold}): a socket's credential in TIME_WAIT, a jail
 * descriptor. It keeps a dying jail, and its VNET, from being freed.
 */
@Entity
@Table(name = "jail_hold")
public class JailHold {

    @Id
    private long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "jid")
    private Prison prison;

    @Column(nullable = false)
    private String description;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected JailHold() {
    }

    JailHold(long id, Prison prison, String description, Instant createdAt) {
        this.id = id;
        this.prison = prison;
        this.description = description;
        this.createdAt = createdAt;
    }

    public long id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }
}

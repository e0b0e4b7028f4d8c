package dev.jailnet.jail.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A process attached to a jail: one user reference ({@code pr_uref}) and one reference ({@code pr_ref}). */
@Entity
@Table(name = "jail_process")
public class JailProcess {

    @Id
    private int pid;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "jid")
    private Prison prison;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    protected JailProcess() {
    }

    JailProcess(int pid, Prison prison, Instant startedAt) {
        this.pid = pid;
        this.prison = prison;
        this.startedAt = startedAt;
    }

    public int pid() {
        return pid;
    }

    public Instant startedAt() {
        return startedAt;
    }
}

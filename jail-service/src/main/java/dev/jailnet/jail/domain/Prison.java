package dev.jailnet.jail.domain;

import dev.jailnet.events.VnetIds;
import dev.jailnet.problem.Rejected;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

/**
 * A jail ({@code struct prison}). Its two counters are derived from the holders it records, so they can
 * never disagree with them: {@code pr_uref} counts its processes and the {@code persist} flag;
 * {@code pr_ref} counts those and every hold.
 */
@Entity
@Table(name = "prison")
public class Prison {

    @Id
    private int jid;

    @Column(nullable = false)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PrisonState state;

    @Column(nullable = false)
    private boolean vnet;

    @Column(name = "vnet_id", nullable = false)
    private String vnetId;

    @Column(nullable = false)
    private boolean persist;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "dying_at")
    private Instant dyingAt;

    /** Why the jail is dying, in the kernel's terms where there is one. */
    private String reason;

    /** Its VNET no longer exists (destroyed, or its creation undone): nothing but the jail's own refs keep it. */
    @Column(name = "vnet_gone", nullable = false)
    private boolean vnetGone;

    /** Who removed the jail ({@code jail_remove} through the API), if someone did. */
    @Column(name = "removed_by")
    private String removedBy;

    @OneToMany(mappedBy = "prison", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("pid")
    private List<JailProcess> processes = new ArrayList<>();

    @OneToMany(mappedBy = "prison", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("id")
    private List<JailHold> holds = new ArrayList<>();

    @Version
    private long version;

    protected Prison() {
    }

    private Prison(int jid, String name, boolean vnet, String vnetId, boolean persist, Instant now) {
        this.jid = jid;
        this.name = name;
        this.vnet = vnet;
        this.vnetId = vnetId;
        this.persist = persist;
        this.createdAt = now;
        this.state = vnet ? PrisonState.INVALID : PrisonState.ALIVE;
    }

    /**
     * A new jail. With its own VNET it stays INVALID until the VNET is ALIVE; without one it shares
     * {@code vnet0} and is ALIVE at once.
     */
    public static Prison create(int jid, String name, boolean vnet, String vnetId, boolean persist, Instant now) {
        return new Prison(jid, name, vnet, vnet ? vnetId : VnetIds.VNET0, persist, now);
    }

    /**
     * {@code jail_set(JAIL_CREATE | JAIL_ATTACH)}: the creating process enters the new jail with it, so that a jail
     * that is not persistent has its first user reference (it would die at once without one).
     */
    public JailProcess attachCreator(int pid, Instant now) {
        JailProcess process = new JailProcess(pid, this, now);
        processes.add(process);
        return process;
    }

    /**
     * The jail's VNET is ALIVE, so is the jail, unless nothing keeps it: a jail that is not persistent and
     * whose processes are all gone dies at once. False when there is nothing to do (already ALIVE, or removed
     * meanwhile).
     */
    public boolean vnetAlive(Instant now) {
        if (state != PrisonState.INVALID) {
            return false;
        }
        state = PrisonState.ALIVE;
        if (userRefs() == 0) {
            die("no process and not persistent", now);
        }
        return true;
    }

    /**
     * The VNET could not be created and what was made of it is undone: a jail being created dies with the
     * reason (its creating process killed). Returns true when this made the jail DYING.
     */
    public boolean creationFailed(String why, Instant now) {
        vnetGone = true;
        if (state != PrisonState.INVALID) {
            return false;
        }
        persist = false;
        processes.clear();
        die("creation failed: " + why, now);
        return true;
    }

    /** {@code vnet_destroy} ran: the jail is freed as soon as nothing holds it. */
    public void vnetDestroyed() {
        vnetGone = true;
    }

    /** Dying, nothing holds it and its VNET (if it has one) is gone: {@code prison_deref} frees it. */
    public boolean freeable() {
        return state == PrisonState.DYING && refs() == 0 && (!vnet || vnetGone);
    }

    /** Dying and nothing holds it, but its VNET still exists: it is destroyed once shut down. */
    public boolean drained() {
        return state == PrisonState.DYING && refs() == 0 && vnet && !vnetGone;
    }

    /** {@code jail_attach}: only an ALIVE jail takes processes ({@code EINVAL} otherwise). */
    public JailProcess attach(int pid, Instant now) {
        requireAlive("attach a process to");
        JailProcess process = new JailProcess(pid, this, now);
        processes.add(process);
        return process;
    }

    /**
     * The process exits and its user reference goes; a jail that is not persistent dies with its last
     * one. Returns true when this made the jail DYING.
     */
    public boolean exit(int pid, Instant now) {
        JailProcess process = processes.stream().filter(p -> p.pid() == pid).findFirst()
                .orElseThrow(() -> Rejected.notFound("pid", "jail " + jid + " has no process " + pid));
        processes.remove(process);
        if (state == PrisonState.ALIVE && userRefs() == 0) {
            die("last process exited", now);
            return true;
        }
        return false;
    }

    public Optional<String> removedBy() {
        return Optional.ofNullable(removedBy);
    }

    /**
     * {@code jail_remove} by {@code operator} (the token's subject, null when unknown): DYING, {@code persist}
     * cleared, every process killed. Returns false for a jail that is dying already (removing it again changes
     * nothing, and keeps who removed it first).
     */
    public boolean remove(Instant now, String operator) {
        return state != PrisonState.DYING && killed("jail_remove", now, operator);
    }

    /**
     * An operator shut the jail's VNET down ({@code vnet_shutdown} asked of vnet-service) while the jail was alive:
     * a jail does not live on without its network stack, so it dies as {@code jail_remove} would make it. False for
     * a jail that is dying already.
     */
    public boolean vnetShutDown(Instant now, String operator) {
        return state == PrisonState.ALIVE && killed("vnet_shutdown of its VNET by an operator", now, operator);
    }

    /** DYING for {@code why}: {@code persist} cleared, every process killed. */
    private boolean killed(String why, Instant now, String operator) {
        removedBy = operator;
        persist = false;
        processes.clear();
        die(why, now);
        return true;
    }

    /** {@code prison_hold}: taken while the jail is ALIVE, it may outlive the jail's processes. */
    public JailHold hold(long id, String description, Instant now) {
        requireAlive("hold");
        JailHold hold = new JailHold(id, this, description, now);
        holds.add(hold);
        return hold;
    }

    /** {@code prison_free}: the hold goes, in whatever state the jail is. */
    public void release(long holdId) {
        JailHold hold = holds.stream().filter(h -> h.id() == holdId).findFirst()
                .orElseThrow(() -> Rejected.notFound("holdId", "jail " + jid + " has no hold " + holdId));
        holds.remove(hold);
    }

    private void die(String why, Instant now) {
        state = PrisonState.DYING;
        dyingAt = now;
        reason = why;
    }

    private void requireAlive(String action) {
        if (state != PrisonState.ALIVE) {
            throw Rejected.conflict("jid", "cannot " + action + " jail " + jid + ": it is " + state + ", not ALIVE");
        }
    }

    /** {@code pr_uref}: one per process, one for {@code persist}. */
    public int userRefs() {
        return processes.size() + (persist ? 1 : 0);
    }

    /** {@code pr_ref}: every user reference plus every hold. */
    public int refs() {
        return userRefs() + holds.size();
    }

    public int jid() {
        return jid;
    }

    public String name() {
        return name;
    }

    public PrisonState state() {
        return state;
    }

    public boolean vnet() {
        return vnet;
    }

    public String vnetId() {
        return vnetId;
    }

    public boolean persist() {
        return persist;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> dyingAt() {
        return Optional.ofNullable(dyingAt);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public List<JailProcess> processes() {
        return List.copyOf(processes);
    }

    public List<JailHold> holds() {
        return List.copyOf(holds);
    }
}

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
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.Fetch;
import org.hibernate.annotations.FetchMode;

/**
 * A jail ({@code struct prison}). Its two counters are derived from the holders it records, so they can
 * never disagree with them: {@code pr_uref} counts its processes, the {@code persist} flag and its children that
 * are not dying; {@code pr_ref} counts its processes, {@code persist}, every hold and every child until it is freed.
 * A jail's children are loaded with it, and theirs with them: the tree below a jail is read whole.
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

    /* Sets (ordered: Hibernate keeps an @OrderBy set's order), so that one statement can fetch the three with the jail. */
    @OneToMany(mappedBy = "prison", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("pid")
    private Set<JailProcess> processes = new LinkedHashSet<>();

    @OneToMany(mappedBy = "prison", cascade = CascadeType.ALL, orphanRemoval = true, fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("id")
    private Set<JailHold> holds = new LinkedHashSet<>();

    /**
     * The jail it was created in; null for a child of the host ({@code prison0}). Never changes. Loaded with the
     * jail, as its children are: a tree is small, and is decided on whole.
     */
    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "parent_jid")
    private Prison parent;

    @OneToMany(mappedBy = "parent", fetch = FetchType.EAGER)
    @Fetch(FetchMode.SUBSELECT)
    @OrderBy("jid")
    private Set<Prison> children = new LinkedHashSet<>();

    /** {@code children.max}: how many descendants it may have. */
    @Column(name = "children_max", nullable = false)
    private int childrenMax;

    /**
     * {@code prison_cleanup} ran: the world was told it is dying, and its VNET's {@code vnet_shutdown} started. A
     * dying jail's waits until every child's has finished, so that a VNET shuts down only after those below it.
     */
    @Column(name = "cleanup_started", nullable = false)
    private boolean cleanupStarted;

    /** Its own VNET finished {@code vnet_shutdown}: nothing of it holds anything in its parent's any more. */
    @Column(name = "vnet_shut_down", nullable = false)
    private boolean vnetShutDown;

    /** {@code prison_deref} freed it in this transaction: its row goes, and nothing may free it again. */
    @Transient
    private boolean freed;

    @Version
    private long version;

    protected Prison() {
    }

    private Prison(int jid, String name, Prison parent, boolean vnet, String vnetId, boolean persist,
                   int childrenMax, Instant now) {
        this.jid = jid;
        this.name = name;
        this.parent = parent;
        this.vnet = vnet;
        this.vnetId = vnetId;
        this.persist = persist;
        this.childrenMax = childrenMax;
        this.createdAt = now;
        this.state = vnet ? PrisonState.INVALID : PrisonState.ALIVE;
    }

    /**
     * A new jail, a child of the host. With its own VNET it stays INVALID until the VNET is ALIVE; without one it
     * shares {@code vnet0} and is ALIVE at once.
     */
    public static Prison create(int jid, String name, boolean vnet, String vnetId, boolean persist, Instant now) {
        return create(jid, name, vnet, vnetId, persist, 0, now);
    }

    /**
     * A new jail named {@code parent.component} in this one, which must be ALIVE. It holds a reference on this
     * jail until it is freed. Without a VNET of its own it shares this jail's network stack. Refused when this jail
     * or an ancestor has as many descendants as its {@code children.max} allows, as {@code jail_set} refuses
     * ({@code EPERM}, "prison limit exceeded"), and when it would allow more descendants than this one can have.
     */
    public Prison createChild(int childJid, String component, boolean ownVnet, String ownVnetId, boolean childPersist,
                              int childChildrenMax, Instant now) {
        if (state != PrisonState.ALIVE) {
            throw Rejected.conflict("parent", "cannot create a jail in jail " + jid + " (" + name + "): it is " + state
                    + ", not ALIVE");
        }
        for (Prison ancestor = this; ancestor != null; ancestor = ancestor.parent().orElse(null)) {
            if (ancestor.childrenCur() >= ancestor.childrenMax()) {
                throw Rejected.conflict("parent", "prison limit exceeded: jail " + ancestor.jid() + " ("
                        + ancestor.name() + ") has " + ancestor.childrenCur() + " descendants and children.max "
                        + ancestor.childrenMax() + " (EPERM)");
            }
        }
        if (childChildrenMax > childrenMax - 1) {
            throw Rejected.invalid("childrenMax", "must be at most " + Math.max(childrenMax - 1, 0)
                    + ": a child of jail " + jid + " (children.max " + childrenMax + ") has fewer descendants to"
                    + " allow than its parent");
        }
        Prison child = new Prison(childJid, name + "." + component, this, ownVnet, ownVnet ? ownVnetId : vnetId,
                childPersist, childChildrenMax, now);
        children.add(child);
        return child;
    }

    /** A host's child with {@code children.max} set. */
    public static Prison create(int jid, String name, boolean vnet, String vnetId, boolean persist, int childrenMax,
                                Instant now) {
        return new Prison(jid, name, null, vnet, vnet ? vnetId : VnetIds.VNET0, persist, childrenMax, now);
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
        dieIfUnkept("no process and not persistent", now);
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
        return !freed && state == PrisonState.DYING && refs() == 0 && (!vnet || vnetGone);
    }

    /** Dying and nothing holds it, but its VNET still exists: it is destroyed once shut down. */
    public boolean drained() {
        return !freed && state == PrisonState.DYING && refs() == 0 && vnet && !vnetGone;
    }

    /**
     * A child died and took its user reference with it: a jail that nothing else keeps (no process, not
     * persistent, no other live child) dies. Returns true when this made the jail DYING.
     */
    public boolean childDied(Instant now) {
        return dieIfUnkept("last user reference gone: no process, not persistent, no live child", now);
    }

    /**
     * {@code jail_remove} reached this jail through an ancestor's ({@code ancestorJid}): DYING, {@code persist}
     * cleared, every process killed. False for a jail that is dying already.
     */
    public boolean removeWithAncestor(int ancestorJid, Instant now, String operator) {
        return state != PrisonState.DYING && killed("jail_remove of its ancestor " + ancestorJid, now, operator);
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
        return dieIfUnkept("last process exited", now);
    }

    /**
     * {@code jail -m persist} or {@code nopersist}: the flag, and the user reference it is. A live jail that loses
     * it with nothing else to keep it (no process, no live child) dies, as with its last process. Only a live jail
     * is changed; setting the flag it has changes nothing. Returns true when this made the jail DYING.
     */
    public boolean persist(boolean persist, Instant now) {
        requireAlive(persist ? "set persist on" : "clear persist on");
        this.persist = persist;
        return dieIfUnkept("persist cleared: no process, no live child", now);
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

    /** {@code prison_deref} with the last user reference gone: a live jail that nothing keeps dies. */
    private boolean dieIfUnkept(String why, Instant now) {
        if (state == PrisonState.ALIVE && userRefs() == 0) {
            die(why, now);
            return true;
        }
        return false;
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

    /** {@code pr_uref}: one per process, one for {@code persist}, one per child that is not dying. */
    public int userRefs() {
        return processes.size() + (persist ? 1 : 0)
                + (int) children.stream().filter(c -> c.state() != PrisonState.DYING).count();
    }

    /** {@code pr_ref}: its processes, {@code persist}, every hold, and every child until it is freed. */
    public int refs() {
        return processes.size() + (persist ? 1 : 0) + holds.size() + children.size();
    }

    /** A hold keeps it or one of its descendants: it is not freed until that hold's owner lets go. */
    public boolean heldInTree() {
        return !holds.isEmpty() || children.stream().anyMatch(Prison::heldInTree);
    }

    /** {@code children.cur}: its descendants, at every depth, dying ones included until they are freed. */
    public int childrenCur() {
        return children.stream().mapToInt(c -> 1 + c.childrenCur()).sum();
    }

    /** Its descendants, deepest first (each after its own descendants), as {@code jail_remove} kills them. */
    public List<Prison> descendantsDeepestFirst() {
        List<Prison> order = new ArrayList<>();
        for (Prison child : children) {
            order.addAll(child.descendantsDeepestFirst());
            order.add(child);
        }
        return order;
    }

    /**
     * {@code prison_cleanup} may run for this dying jail: every child has finished its own (a child's VNET is shut
     * down before its parent's starts). Marks it started; false when it is not dying, has started, or must wait.
     */
    public boolean startCleanup() {
        if (state != PrisonState.DYING || cleanupStarted || !children.stream().allMatch(Prison::cleanedUp)) {
            return false;
        }
        cleanupStarted = true;
        return true;
    }

    /** Dying, its cleanup run, and its own VNET (if it has one) shut down or gone. */
    public boolean cleanedUp() {
        return state == PrisonState.DYING && cleanupStarted && (!vnet || vnetShutDown || vnetGone);
    }

    /** Its VNET's {@code vnet_shutdown} finished. */
    public void vnetShutdownCompleted() {
        vnetShutDown = true;
    }

    /** {@code prison_deref} frees it: a jail is freed once, however many of its holders' ends lead here. */
    public void free() {
        freed = true;
    }

    /** A child was freed: its references on this jail go with it. */
    public void childFreed(Prison child) {
        children.remove(child);
    }

    public int jid() {
        return jid;
    }

    /** The jail it was created in; empty for a child of the host. */
    public Optional<Prison> parent() {
        return Optional.ofNullable(parent);
    }

    public Optional<Integer> parentJid() {
        return parent().map(Prison::jid);
    }

    public int childrenMax() {
        return childrenMax;
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

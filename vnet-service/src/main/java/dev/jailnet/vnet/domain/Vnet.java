package dev.jailnet.vnet.domain;

import dev.jailnet.events.VnetIds;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Optional;

/** A virtual network stack ({@code struct vnet}). {@code vnet0} is the host's and never goes away. */
@Entity
@Table(name = "vnet")
public class Vnet {

    @Id
    @Column(name = "vnet_id")
    private String vnetId;

    /** The jail that owns it; null for vnet0. */
    private Integer jid;

    /**
     * The VNET its jail was created in (its parent jail's; vnet0 for a child of the host): where its
     * {@code vnet.interface}s come from. Null for vnet0.
     */
    @Column(name = "parent_vnet_id")
    private String parentVnetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private VnetState state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "alive_at")
    private Instant aliveAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    private String reason;

    @Column(name = "shutdown_at")
    private Instant shutdownAt;

    /** Its jail is dying: {@code vnet_shutdown} is due (at once, or when creation finishes). */
    @Column(name = "jail_dying", nullable = false)
    private boolean jailDying;

    /** Its jail's {@code pr_ref} reached 0: nothing but the shutdown keeps the VNET from being destroyed. */
    @Column(name = "refs_drained", nullable = false)
    private boolean refsDrained;

    /** Torn down the old way, without {@code vnet_shutdown}: for comparison only. */
    @Column(nullable = false)
    private boolean legacy;

    @Version
    private long version;

    protected Vnet() {
    }

    private Vnet(String vnetId, int jid, String parentVnetId, Instant now) {
        this.vnetId = vnetId;
        this.jid = jid;
        this.parentVnetId = parentVnetId;
        this.state = VnetState.CREATING;
        this.createdAt = now;
    }

    /**
     * A VNET as its row holds it: what the orchestrator reads and writes without the ORM (see
     * {@code VnetRepository.change}); {@code version} is the row's when it was read.
     */
    public record Stored(String vnetId, Integer jid, String parentVnetId, VnetState state, Instant createdAt,
                         Instant aliveAt, Instant endedAt, String reason, Instant shutdownAt, boolean jailDying,
                         boolean refsDrained, boolean legacy, long version) {
    }

    public static Vnet restore(Stored row) {
        Vnet vnet = new Vnet();
        vnet.vnetId = row.vnetId();
        vnet.jid = row.jid();
        vnet.parentVnetId = row.parentVnetId();
        vnet.state = row.state();
        vnet.createdAt = row.createdAt();
        vnet.aliveAt = row.aliveAt();
        vnet.endedAt = row.endedAt();
        vnet.reason = row.reason();
        vnet.shutdownAt = row.shutdownAt();
        vnet.jailDying = row.jailDying();
        vnet.refsDrained = row.refsDrained();
        vnet.legacy = row.legacy();
        vnet.version = row.version();
        return vnet;
    }

    public Stored stored() {
        return new Stored(vnetId, jid, parentVnetId, state, createdAt, aliveAt, endedAt, reason, shutdownAt, jailDying,
                refsDrained, legacy, version);
    }

    /** {@code vnet_alloc} begins for the jail, made from within {@code parentVnetId}. */
    public static Vnet allocate(String vnetId, int jid, String parentVnetId, Instant now) {
        if (VnetIds.isHost(vnetId)) {
            throw new IllegalArgumentException("vnet0 is the host's and exists from the start");
        }
        return new Vnet(vnetId, jid, parentVnetId == null ? VnetIds.VNET0 : parentVnetId, now);
    }

    /** Owned by this jail (not merely shared with it: a child without a VNET of its own shares its parent's). */
    public boolean ownedBy(int jid) {
        return this.jid != null && this.jid == jid;
    }

    public void alive(Instant now) {
        require(VnetState.CREATING);
        state = VnetState.ALIVE;
        aliveAt = now;
    }

    public void creationFailed(String why, Instant now) {
        require(VnetState.CREATING);
        state = VnetState.FAILED;
        reason = why;
        endedAt = now;
    }

    /** {@code vnet_shutdown} begins. */
    public void shuttingDown(Instant now) {
        require(VnetState.ALIVE);
        state = VnetState.SHUTTING_DOWN;
        shutdownAt = now;
    }

    /** {@code vnet_shutdown} finished: nothing refers across the cycle any more. */
    public void shutDown() {
        require(VnetState.SHUTTING_DOWN);
        state = VnetState.SHUT_DOWN;
    }

    public void jailDying() {
        jailDying = true;
    }

    public void refsDrained() {
        refsDrained = true;
    }

    /** {@code vnet_destroy} may run: shut down, and the jail holds nothing any more. */
    public boolean destroyable() {
        return state == VnetState.SHUT_DOWN && refsDrained;
    }

    public void destroy(Instant now) {
        require(VnetState.SHUT_DOWN);
        state = VnetState.DESTROYED;
        endedAt = now;
    }

    public void legacyTeardown() {
        legacy = true;
    }

    public boolean isLegacy() {
        return legacy;
    }

    /** {@code vnet_destroy} straight away, the old way: each layer then tears down on its own. */
    public void destroyWithoutShutdown(Instant now) {
        require(VnetState.ALIVE);
        state = VnetState.DESTROYED;
        endedAt = now;
    }

    public boolean isJailDying() {
        return jailDying;
    }

    public boolean isRefsDrained() {
        return refsDrained;
    }

    public Optional<Instant> shutdownAt() {
        return Optional.ofNullable(shutdownAt);
    }

    private void require(VnetState expected) {
        if (state != expected) {
            throw new IllegalStateException("VNET " + vnetId + " is " + state + ", not " + expected);
        }
    }

    public String vnetId() {
        return vnetId;
    }

    public Optional<String> parentVnetId() {
        return Optional.ofNullable(parentVnetId);
    }

    public Optional<Integer> jid() {
        return Optional.ofNullable(jid);
    }

    public VnetState state() {
        return state;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Optional<Instant> aliveAt() {
        return Optional.ofNullable(aliveAt);
    }

    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }
}

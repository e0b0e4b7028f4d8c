package dev.jailnet.ifnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.ifnet.TunnelResolve;
import dev.jailnet.events.net.IpAddress;
import dev.jailnet.ifnet.store.IfnetRefReleaseRepository;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.ifnet.store.IfnetVnetRepository;
import dev.jailnet.messaging.ReferenceFaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * What routing tells the interface layer: nexthops taking and releasing their interface references,
 * interfaces routing has forgotten, RIB changes for subscribed tunnels, and tunnels' resolved routes.
 * A tombstone is freed when routing forgot it and its last reference went.
 */
@ApplicationScoped
public class ReferenceService {

    private static final Logger LOG = Logger.getLogger(ReferenceService.class);

    private final IfnetRepository interfaces;
    private final IfnetRefReleaseRepository earlyReleases;
    private final IfnetVnetRepository vnets;
    private final IfnetService ifnet;
    private final ReferenceFaults faults;

    public ReferenceService(IfnetRepository interfaces, IfnetRefReleaseRepository earlyReleases,
                            IfnetVnetRepository vnets, IfnetService ifnet, ReferenceFaults faults) {
        this.interfaces = interfaces;
        this.earlyReleases = earlyReleases;
        this.vnets = vnets;
        this.ifnet = ifnet;
        this.faults = faults;
    }

    /** {@code if_ref} on behalf of a nexthop (unless its release came first). */
    @Transactional
    public void nhopCreated(String vnetId, long nhopId, int ifIndex) {
        String holder = AuditLedger.nhop(vnetId, nhopId);
        if (interfaces.takeRef(holder, vnetId, ifIndex, Instant.now()) == IfnetRepository.RefTaken.MISSING) {
            faults.record(vnetId, holder + " took a reference on interface " + ifIndex + ", which has been freed");
        }
    }

    /**
     * {@code vnet_shutdown}'s release, passed on from routing's flush: every reference held by a nexthop of the
     * VNET goes, and an announcement of one of its nexthops that arrives later takes none. Tombstones that
     * nothing holds any more are freed. Runs before the interfaces are loaded: it changes their references
     * with one statement. Returns how many references went.
     */
    int releaseHeldByNexthopsOf(String vnetId) {
        List<Integer> released = interfaces.releaseRefsHeldBy(vnetId);
        // only a tombstone is freed by losing its last reference: the others are not loaded at all
        interfaces.tombstonesAmong(new HashSet<>(released)).forEach(this::freeIfDone);
        return released.size();
    }

    /** {@code if_rele}: a nexthop was freed. */
    @Transactional
    public void nhopFreed(String vnetId, long nhopId, int ifIndex) {
        release(AuditLedger.nhop(vnetId, nhopId), ifIndex);
    }

    /**
     * Releases a holder's reference; one not recorded yet is remembered, for its announcement to find. The
     * interface is loaded only when it is a tombstone, which its last release may free.
     */
    void release(String holder, int ifIndex) {
        if (interfaces.releaseRef(holder, ifIndex)) {
            interfaces.tombstonesAmong(Set.of(ifIndex)).forEach(this::freeIfDone);
        } else if (earlyReleases.findByIdOptional(holder).isEmpty()) {
            earlyReleases.persist(new IfnetRefRelease(holder, ifIndex, Instant.now()));
        }
    }

    /** Routing forgot the interface: a tombstone is freed, or freed by its last release if something holds it. */
    @Transactional
    public void routingDetached(int ifIndex) {
        if (interfaces.routingLetGo(ifIndex) == IfnetRepository.LetGo.FREED) {
            LOG.debugf("interface index %d freed", ifIndex);
        }
    }

    /** {@code rib_subscribe}'s callback: each listed tunnel revalidates its cache with routing. */
    @Transactional
    public void ribChanged(String vnetId, List<Integer> subscribers, Envelope cause) {
        if (!alive(vnetId)) {
            return;
        }
        for (int index : subscribers) {
            interfaces.findByIdOptional(index)
                    .filter(i -> i.state() == IfState.ATTACHED && i.vnet().equals(vnetId) && i.hasTunnel())
                    .ifPresent(tunnel -> ifnet.publish(new TunnelResolve(vnetId, tunnel.index(), tunnel.name(),
                            tunnel.tunnelFib().orElse(0), tunnel.tunnelFamily(), tunnel.tunnelDestination().orElseThrow(),
                            tunnel.tunnelGeneration()), cause));
        }
    }

    @Transactional
    public void routeResolved(String vnetId, int ifIndex, long generation, boolean subscribed, Long nhopId,
                              String egress, String gateway) {
        if (!alive(vnetId)) {
            return;
        }
        interfaces.findByIdOptional(ifIndex).filter(i -> i.vnet().equals(vnetId))
                .ifPresent(tunnel -> tunnel.routeResolved(generation, subscribed, nhopId, egress, gateway,
                        tunnel.tunnelSource().flatMap(source -> interfaces.addressOwner(vnetId, source)).isPresent()));
    }

    /** {@code RTM_NEWADDR}, answering {@code announcement}: the routes of an address are in routing's table. */
    @Transactional
    public void addressRouted(String vnetId, int ifIndex, String address, int prefixLength, UUID announcement) {
        interfaces.withAddresses(ifIndex).filter(i -> i.vnet().equals(vnetId))
                .ifPresent(ifp -> ifp.addressRouted(IpAddress.parse(address), prefixLength, announcement));
    }

    /** Late events for a frozen VNET are ignored: its tunnels are down and stay down. */
    private boolean alive(String vnetId) {
        return vnets.findByIdOptional(vnetId).filter(IfnetVnet::isAlive).isPresent();
    }

    void freeIfDone(Ifnet ifp) {
        if (ifp.freeable()) {
            LOG.debugf("interface %s (index %d) freed", ifp.name(), ifp.index());
            interfaces.delete(ifp);
        }
    }

}

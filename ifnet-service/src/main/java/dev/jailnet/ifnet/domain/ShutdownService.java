package dev.jailnet.ifnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.IfnetDeparture.Fate;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.ifnet.store.IfnetVnetRepository;
import dev.jailnet.messaging.LayerVnets;
import dev.jailnet.messaging.SagaParticipation.StepRefused;
import dev.jailnet.messaging.VnetLocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The interface layer's part of {@code vnet_shutdown}: freeze, release the tunnels' caches, detach. */
@ApplicationScoped
public class ShutdownService {

    private final IfnetRepository interfaces;
    private final IfnetVnetRepository vnets;
    private final LayerVnets layerVnets;
    private final ReferenceService references;
    private final IfnetService ifnet;
    private final VnetLocks locks;

    public ShutdownService(IfnetRepository interfaces, IfnetVnetRepository vnets, LayerVnets layerVnets,
                           ReferenceService references, IfnetService ifnet, VnetLocks locks) {
        this.interfaces = interfaces;
        this.vnets = vnets;
        this.layerVnets = layerVnets;
        this.references = references;
        this.ifnet = ifnet;
        this.locks = locks;
    }

    /** Step 1: nothing new is created in the VNET, nothing moves in or out, late route events are ignored. */
    @Transactional
    public StepResult freeze(String vnetId) {
        layerVnets.freeze(vnetId);
        return StepResult.of(Map.of());
    }

    /**
     * Step 2: every tunnel in the VNET goes down, dropping its nexthop reference and its subscription. The
     * releases are passed on summarised (all of the VNET's), for routing to apply.
     */
    @Transactional
    public StepResult releaseCaches(String vnetId) {
        int tunnels = 0;
        int nexthopRefs = 0;
        int subscriptions = 0;
        for (Ifnet tunnel : interfaces.tunnelsIn(vnetId)) {
            tunnels++;
            if (tunnel.tunnelSubscribed()) {
                subscriptions++;
            }
            if (tunnel.releaseCache().isPresent()) {
                nexthopRefs++;
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("tunnels", tunnels);
        counts.put("nexthopRefs", nexthopRefs);
        counts.put("subscriptions", subscriptions);
        return new StepResult(counts, List.of(new ReleasedReferences(ReferenceKind.TUNNEL_NHOP, vnetId, nexthopRefs),
                new ReleasedReferences(ReferenceKind.RIB_SUBSCRIPTION, vnetId, subscriptions)));
    }

    /**
     * Step 4: routing's interface references are released; the step is refused, with who still holds what,
     * while any interface of the VNET is referenced. Then addresses are purged, loaned interfaces go home
     * (name and index kept), and those whose home is this VNET are destroyed, {@code lo0} last, wherever they
     * are. One loaned out is destroyed where it is, a tombstone until that VNET's routing lets it go: the step
     * is refused, its work kept, until every interface of this VNET is freed; a repeat finds the work done and
     * only looks again. Nothing of the VNET is left when it is done.
     */
    @Transactional(dontRollbackOn = StepRefused.class)
    public StepResult detach(String vnetId, List<ReleasedReferences> released, Envelope cause) {
        locks.lock(interfaces.neighbours(vnetId).toArray(String[]::new));
        int interfaceRefs = 0;
        for (ReleasedReferences release : released) {
            if (release.kind() == ReferenceKind.NHOP_IFNET) {
                interfaceRefs += references.releaseHeldByNexthopsOf(release.vnetId());
            }
        }
        String stillHeld = describeHeld(interfaces.referencedIn(vnetId));
        if (!stillHeld.isEmpty()) {
            throw new StepRefused(stillHeld);
        }
        // made here and never moved, most of a VNET's interfaces: destroyed together by statement, never loaded
        List<IfnetRepository.Plain> plain = interfaces.plainIn(vnetId, IfnetService.LOOPBACK);
        int addresses = plain.stream().mapToInt(IfnetRepository.Plain::addresses).sum();
        ifnet.publishAll(plain.stream().map(i -> new IfnetDeparture(vnetId, i.name(), i.index(), Fate.FREED)).toList(),
                cause);
        interfaces.deleteAll(plain.stream().map(IfnetRepository.Plain::index).toList());
        int destroyed = plain.size();
        int returned = 0;
        for (Ifnet ifp : interfaces.wholeInVnet(vnetId)) {
            if (ifp.state() == IfState.TOMBSTONE) {
                interfaces.delete(ifp);
                continue;
            }
            addresses += ifp.purgeAddresses();
            ifp.releaseCache();
            if (ifp.isLoaned()) {
                ifnet.returnHome(ifp, cause);
                returned++;
            }
        }
        List<Ifnet> own = new ArrayList<>(interfaces.list("homeVnet = ?1 and state = ?2", vnetId, IfState.ATTACHED));
        own.sort(Comparator.comparing((Ifnet i) -> IfnetService.LOOPBACK.equals(i.name())).thenComparing(Ifnet::index));
        for (Ifnet ifp : own) {
            destroyed++;
            if (ifp.vnet().equals(vnetId)) {
                ifnet.publish(new IfnetDeparture(vnetId, ifp.name(), ifp.index(), Fate.FREED), cause);
                interfaces.delete(ifp);
            } else {
                ifnet.destroyLoanedOut(ifp, cause);
            }
        }
        interfaces.flush();
        vnets.forget(vnetId);
        List<Ifnet> lingering = interfaces.homedIn(vnetId);
        if (!lingering.isEmpty()) {
            throw new StepRefused("not yet: " + IfnetHolders.firstOf(lingering, i -> AuditLedger.ifnet(i.index())
                    + " (" + i.name() + ", destroyed in " + i.vnet() + ") is still "
                    + (i.refcount() > 0 ? "held by " + holders(i) : "waiting for routing to let it go"), "; "));
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("interfaceRefs", interfaceRefs);
        counts.put("addresses", addresses);
        counts.put("returned", returned);
        counts.put("destroyed", destroyed);
        return StepResult.of(counts);
    }

    private static String describeHeld(List<Ifnet> held) {
        return IfnetHolders.firstOf(held, i -> AuditLedger.ifnet(i.index()) + " (" + i.name() + ") still held by "
                + holders(i), "; ");
    }

    private static String holders(Ifnet ifp) {
        return IfnetRef.named(ifp.refs());
    }
}

package dev.jailnet.ifnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.audit.AuditLedger.Reference;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.saga.StepResult;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.ifnet.store.IfnetVnetRepository;
import dev.jailnet.messaging.SagaParticipation.StepRefused;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The interface layer's part of {@code vnet_shutdown}: freeze, release the tunnels' caches, detach. */
@ApplicationScoped
public class ShutdownService {

    private final IfnetRepository interfaces;
    private final IfnetVnetRepository vnets;
    private final ReferenceService references;
    private final IfnetService ifnet;

    public ShutdownService(IfnetRepository interfaces, IfnetVnetRepository vnets, ReferenceService references,
                           IfnetService ifnet) {
        this.interfaces = interfaces;
        this.vnets = vnets;
        this.references = references;
        this.ifnet = ifnet;
    }

    /** Step 1: nothing new is created in the VNET, nothing moves in or out, late route events are ignored. */
    @Transactional
    public StepResult freeze(String vnetId) {
        vnets.findByIdOptional(vnetId).ifPresent(IfnetVnet::freeze);
        return StepResult.of(Map.of());
    }

    /** Step 2: every tunnel in the VNET goes down, dropping its nexthop reference and its subscription. */
    @Transactional
    public StepResult releaseCaches(String vnetId) {
        List<Reference> released = new ArrayList<>();
        int tunnels = 0;
        for (Ifnet tunnel : interfaces.inVnet(vnetId, false)) {
            if (!tunnel.hasTunnel()) {
                continue;
            }
            tunnels++;
            String holder = AuditLedger.tunnel(vnetId, tunnel.index());
            boolean subscribed = tunnel.tunnelSubscribed();
            int fib = tunnel.tunnelFib().orElse(0);
            String family = tunnel.tunnelFamily();
            tunnel.releaseCache().ifPresent(nhop ->
                    released.add(new Reference(holder, AuditLedger.nhop(vnetId, nhop), "tunnel-nhop")));
            if (subscribed) {
                released.add(new Reference(holder, AuditLedger.rib(vnetId, fib, family), "subscription"));
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("tunnels", tunnels);
        counts.put("nexthopRefs", (int) released.stream().filter(r -> r.kind().equals("tunnel-nhop")).count());
        counts.put("subscriptions", (int) released.stream().filter(r -> r.kind().equals("subscription")).count());
        return new StepResult(counts, released);
    }

    /**
     * Step 4: routing's interface references are released; the step is refused, with who still holds
     * what, while any interface of the VNET is referenced. Then addresses are purged, loaned interfaces go
     * home (name and index kept), and those whose home is this VNET are destroyed, {@code lo0} last.
     */
    @Transactional(dontRollbackOn = StepRefused.class)
    public StepResult detach(String vnetId, List<Reference> released, Envelope cause) {
        for (Reference ref : released) {
            references.release(ref.holder(), Integer.parseInt(ref.target().substring("ifnet:".length())));
        }
        interfaces.flush();
        List<Ifnet> here = interfaces.inVnet(vnetId, true);
        String stillHeld = here.stream().filter(i -> i.refcount() > 0)
                .map(i -> AuditLedger.ifnet(i.index()) + " (" + i.name() + ") still held by "
                        + i.refs().stream().map(IfnetRef::holder).collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        if (!stillHeld.isEmpty()) {
            throw new StepRefused(stillHeld);
        }
        int addresses = 0;
        int returned = 0;
        int destroyed = 0;
        for (Ifnet ifp : here) {
            if (ifp.state() == IfState.TOMBSTONE) {
                interfaces.delete(ifp);
                continue;
            }
            addresses += ifp.purgeAddresses();
            ifp.releaseCache();
            if (ifp.isLoaned()) {
                ifp.moveTo(ifp.homeVnet());
                ifnet.publish(new IfnetDeparture(vnetId, ifp.name(), ifp.index()), cause);
                ifnet.publish(new IfnetArrival(ifp.homeVnet(), ifp.name(), ifp.index(), ifp.kind().name(),
                        ifp.homeVnet()), cause);
                returned++;
            }
        }
        List<Ifnet> own = new ArrayList<>(interfaces.list("homeVnet = ?1 and state = ?2", vnetId, IfState.ATTACHED));
        own.sort(Comparator.comparing((Ifnet i) -> IfnetService.LOOPBACK.equals(i.name())).thenComparing(Ifnet::index));
        for (Ifnet ifp : own) {
            destroyed++;
            if (ifp.vnet().equals(vnetId)) {
                ifnet.publish(new IfnetDeparture(vnetId, ifp.name(), ifp.index()), cause);
                interfaces.delete(ifp);
            } else {
                ifnet.destroyLoanedOut(ifp, cause);
            }
        }
        vnets.deleteById(vnetId);
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put("interfaceRefs", released.size());
        counts.put("addresses", addresses);
        counts.put("returned", returned);
        counts.put("destroyed", destroyed);
        return StepResult.of(counts);
    }
}

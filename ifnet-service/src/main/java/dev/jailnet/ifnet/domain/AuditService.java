package dev.jailnet.ifnet.domain;

import dev.jailnet.events.audit.AuditLedger.Reference;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.messaging.ReferenceFaults;
import dev.jailnet.messaging.ReferenceLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;

/** ifnet-service's reference ledger: tunnels on RIBs and nexthops; nexthops on interfaces. */
@ApplicationScoped
public class AuditService implements ReferenceLedger {

    private final IfnetRepository interfaces;
    private final ReferenceFaults faults;

    public AuditService(IfnetRepository interfaces, ReferenceFaults faults) {
        this.interfaces = interfaces;
        this.faults = faults;
    }

    @Transactional
    @Override
    public AuditLedger ledger() {
        List<String> objects = new ArrayList<>();
        List<Reference> holds = new ArrayList<>();
        List<Reference> heldBy = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        for (Ifnet ifp : interfaces.listAll()) {
            String id = AuditLedger.ifnet(ifp.index());
            objects.add(id);
            ifp.refs().forEach(ref -> heldBy.add(new Reference(ref.holder(), id, "nhop-ifnet")));
            if (ifp.freeable()) {
                violations.add(id + " (" + ifp.name() + ") is a tombstone no one refers to, but was not freed");
            }
            if (ifp.hasTunnel()) {
                String tunnel = AuditLedger.tunnel(ifp.vnet(), ifp.index());
                objects.add(tunnel);
                if (ifp.tunnelSubscribed()) {
                    holds.add(new Reference(tunnel, AuditLedger.rib(ifp.vnet(), ifp.tunnelFib().orElse(0),
                            ifp.tunnelFamily()), "subscription"));
                }
                ifp.cachedNhopId().ifPresent(nhop ->
                        holds.add(new Reference(tunnel, AuditLedger.nhop(ifp.vnet(), nhop), "tunnel-nhop")));
            }
            if (ifp.state() == IfState.TOMBSTONE && ifp.hasTunnel()) {
                violations.add(id + " (" + ifp.name() + ") is a tombstone that still has a tunnel");
            }
        }
        return new AuditLedger("ifnet-service", objects, holds, heldBy, violations, faults.all());
    }
}

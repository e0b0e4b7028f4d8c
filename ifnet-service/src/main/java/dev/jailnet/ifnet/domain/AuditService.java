package dev.jailnet.ifnet.domain;

import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.messaging.ReferenceLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Collection;
import java.util.List;

/** ifnet-service's reference ledger: tunnels on RIBs and nexthops; nexthops on interfaces. */
@ApplicationScoped
public class AuditService implements ReferenceLedger {

    private final IfnetRepository interfaces;

    public AuditService(IfnetRepository interfaces) {
        this.interfaces = interfaces;
    }

    @Transactional
    @Override
    public List<String> vnets(String after, int limit) {
        return interfaces.vnetsWithInterfaces(after, limit);
    }

    @Transactional
    @Override
    public AuditLedger.Builder ledger(Collection<String> vnetIds) {
        AuditLedger.Builder ledger = AuditLedger.of("ifnet-service");
        if (vnetIds.isEmpty()) {
            return ledger;
        }
        for (Ifnet ifp : interfaces.inVnets(vnetIds)) {
            String id = AuditLedger.ifnet(ifp.index());
            ledger.object(id);
            ifp.refs().forEach(ref -> ledger.heldBy(ref.holder(), id, ReferenceKind.NHOP_IFNET));
            if (ifp.freeable()) {
                ledger.violation(id + " (" + ifp.name() + ") is a tombstone no one refers to, but was not freed");
            }
            if (ifp.hasTunnel()) {
                String tunnel = AuditLedger.tunnel(ifp.vnet(), ifp.index());
                ledger.object(tunnel);
                if (ifp.tunnelSubscribed()) {
                    ledger.holds(tunnel, AuditLedger.rib(ifp.vnet(), ifp.tunnelFib().orElse(0), ifp.tunnelFamily()),
                            ReferenceKind.RIB_SUBSCRIPTION);
                }
                ifp.cachedNhopId().ifPresent(nhop ->
                        ledger.holds(tunnel, AuditLedger.nhop(ifp.vnet(), nhop), ReferenceKind.TUNNEL_NHOP));
            }
            if (ifp.state() == IfState.TOMBSTONE && ifp.hasTunnel()) {
                ledger.violation(id + " (" + ifp.name() + ") is a tombstone that still has a tunnel");
            }
        }
        return ledger;
    }
}

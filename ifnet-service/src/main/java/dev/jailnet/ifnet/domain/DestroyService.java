package dev.jailnet.ifnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.ifnet.TunnelRelease;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.ifnet.store.IfnetVnetRepository;
import dev.jailnet.messaging.ReferenceFaults;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code vnet_destroy} as the interface layer sees it. After {@code vnet_shutdown} nothing of the VNET may be
 * left here; anything that is, is a reference fault. In legacy mode the layer tears down on its own, in
 * {@code vnet_sysuninit} order: loaned interfaces go home ({@code vnet_if_return}), then the gif interfaces
 * are destroyed ({@code SI_SUB_PSEUDO}: {@code gif_delete_tunnel} unsubscribes from a RIB routing already
 * freed), then the epairs and {@code lo0}, which nexthops may still refer to.
 */
@ApplicationScoped
public class DestroyService {

    private final IfnetRepository interfaces;
    private final IfnetVnetRepository vnets;
    private final IfnetService ifnet;
    private final ReferenceFaults faults;

    public DestroyService(IfnetRepository interfaces, IfnetVnetRepository vnets, IfnetService ifnet,
                          ReferenceFaults faults) {
        this.interfaces = interfaces;
        this.vnets = vnets;
        this.ifnet = ifnet;
        this.faults = faults;
    }

    /** A legacy VNET's interfaces are torn down later, when routing's {@code rtables_destroy} has run. */
    @Transactional
    public void destroyed(String vnetId, boolean legacy) {
        if (legacy) {
            return;
        }
        List<Ifnet> left = interfaces.inVnet(vnetId, true);
        if (!left.isEmpty() || vnets.findByIdOptional(vnetId).isPresent()) {
            faults.record(vnetId, "VnetDestroyed, but the interface layer still holds "
                    + left.stream().map(Ifnet::name).collect(Collectors.joining(", ", "[", "]")) + " of " + vnetId);
        }
    }

    /** {@code vnet_sysuninit} from {@code SI_SUB_VNET_DONE} down, after routing's tables are gone. */
    @Transactional
    public void sysuninit(String vnetId, Envelope cause) {
        List<Ifnet> here = interfaces.inVnet(vnetId, false);
        for (Ifnet ifp : here) {
            if (ifp.isLoaned()) {
                ifnet.returnHome(ifp, cause);
            }
        }
        List<Ifnet> own = interfaces.inVnet(vnetId, true).stream()
                .sorted(Comparator.comparing((Ifnet i) -> i.kind() != IfKind.GIF && i.kind() != IfKind.GRE)
                        .thenComparing(i -> IfnetService.LOOPBACK.equals(i.name())).thenComparing(Ifnet::index))
                .toList();
        for (Ifnet ifp : own) {
            if (ifp.hasTunnel()) {
                ifnet.publish(new TunnelRelease(vnetId, ifp.index(), ifp.name()), cause);
            }
            if (ifp.refcount() > 0) {
                faults.record(vnetId, ifp.name() + " (" + AuditLedger.ifnet(ifp.index()) + ") destroyed while "
                        + IfnetRef.named(ifp.refs())
                        + " still refer to it");
            }
            interfaces.delete(ifp);
        }
        vnets.forget(vnetId);
    }
}

package dev.jailnet.ifnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.ifnet.IfnetArrival;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.ifnet.config.IfnetConfig;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.ifnet.store.IfnetVnetRepository;
import dev.jailnet.messaging.Outbox;
import dev.jailnet.problem.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The interface layer: the host's interfaces, each VNET's loopback, and what the API shows of them. */
@ApplicationScoped
public class IfnetService {

    public static final String LOOPBACK = "lo0";

    private final IfnetRepository interfaces;
    private final IfnetVnetRepository vnets;
    private final Outbox outbox;
    private final IfnetConfig config;

    public IfnetService(IfnetRepository interfaces, IfnetVnetRepository vnets, Outbox outbox, IfnetConfig config) {
        this.interfaces = interfaces;
        this.vnets = vnets;
        this.outbox = outbox;
        this.config = config;
    }

    /** vnet0 exists from the start with its {@code lo0} and the host's NICs; a restart adds only what is missing. */
    @Transactional
    public void attachHost() {
        if (vnets.findByIdOptional(VnetIds.VNET0).isEmpty()) {
            vnets.persist(new IfnetVnet(VnetIds.VNET0, Instant.now()));
        }
        attachIfMissing(VnetIds.VNET0, LOOPBACK, IfKind.LOOP, null);
        config.hostInterfaces().forEach(nic -> attachIfMissing(VnetIds.VNET0, nic, IfKind.ETHER, null));
    }

    /** {@code vnet_loif_init}: the VNET's own loopback. Returns what it created. */
    @Transactional
    public Map<String, Integer> loifInit(String vnetId, Envelope cause) {
        if (vnets.findByIdOptional(vnetId).isEmpty()) {
            vnets.persist(new IfnetVnet(vnetId, Instant.now()));
        }
        Ifnet lo0 = attachIfMissing(vnetId, LOOPBACK, IfKind.LOOP, cause);
        return Map.of("interfaces", 1, LOOPBACK, lo0.index());
    }

    /** {@code vnet_loif_uninit}, when a creation is undone: the loopback goes, and the VNET with it. */
    @Transactional
    public Map<String, Integer> loifUninit(String vnetId, Envelope cause) {
        int detached = 0;
        Optional<Ifnet> lo0 = interfaces.byName(vnetId, LOOPBACK);
        if (lo0.isPresent()) {
            interfaces.delete(lo0.get());
            outbox.reply(Topics.IFNET_EVENTS, new IfnetDeparture(vnetId, LOOPBACK, lo0.get().index()), cause);
            detached++;
        }
        vnets.deleteById(vnetId);
        return Map.of("interfaces", detached);
    }

    /** {@code ifconfig -a} in a VNET. */
    @Transactional
    public List<Ifnet> list(String vnetId) {
        if (vnets.findByIdOptional(vnetId).isEmpty()) {
            throw Rejected.notFound("vnetId", "no VNET " + vnetId + " in the interface layer");
        }
        return interfaces.inVnet(vnetId);
    }

    private Ifnet attachIfMissing(String vnetId, String name, IfKind kind, Envelope cause) {
        return interfaces.byName(vnetId, name).orElseGet(() -> {
            Ifnet ifp = Ifnet.attach(interfaces.nextIndex(), name, kind, vnetId, Instant.now());
            interfaces.persist(ifp);
            IfnetArrival arrival = new IfnetArrival(vnetId, name, ifp.index(), kind.name(), ifp.homeVnet());
            if (cause == null) {
                outbox.send(Topics.IFNET_EVENTS, arrival);
            } else {
                outbox.reply(Topics.IFNET_EVENTS, arrival, cause);
            }
            return ifp;
        });
    }
}

package dev.jailnet.routing.domain;

import dev.jailnet.events.VnetIds;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.messaging.NetTunables;
import dev.jailnet.messaging.VnetLocks;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.store.RibRepository;
import dev.jailnet.routing.store.RoutingVnetRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The routing layer: the routing tables of every VNET. */
@ApplicationScoped
public class RoutingService {

    private final RibRepository ribs;
    private final RoutingVnetRepository vnets;
    private final VnetLocks locks;
    private final NetTunables tunables;

    public RoutingService(RibRepository ribs, RoutingVnetRepository vnets, VnetLocks locks, NetTunables tunables) {
        this.ribs = ribs;
        this.vnets = vnets;
        this.locks = locks;
        this.tunables = tunables;
    }

    /**
     * vnet0's tables exist from the start; a restart adds only what is missing. Under vnet0's lock: replicas that
     * start together find them made by the first.
     */
    @Transactional
    public void initHost() {
        locks.lock(VnetIds.VNET0);
        rtablesInit(VnetIds.VNET0);
    }

    /** {@code vnet_rtables_init}: one RIB per fib and family. Returns how many the VNET has. */
    @Transactional
    public Map<String, Integer> rtablesInit(String vnetId) {
        vnets.rtablesInit(vnetId, tunables.fibs(), List.of(IpFamily.values()), Instant.now());
        return Map.of("ribs", tunables.fibs() * IpFamily.values().length);
    }

    @Transactional
    public List<Rib> ribs(String vnetId) {
        if (vnets.findByIdOptional(vnetId).isEmpty()) {
            throw Rejected.notFound("vnetId", "no VNET " + vnetId + " in the routing layer");
        }
        return ribs.inVnet(vnetId);
    }
}

package dev.jailnet.ifnet.domain;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.messaging.VnetCommits;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for routing's answer to a write of the interface layer, for a request that asked to see its effects
 * ({@code Prefer: wait}): the routes an address brings ({@code RTM_NEWADDR} back from routing), a tunnel's route
 * cache for its current endpoints. Empty when the wait ends first.
 */
@ApplicationScoped
public class RoutingAnswers {

    private final IfnetRepository interfaces;
    private final VnetCommits commits;

    public RoutingAnswers(IfnetRepository interfaces, VnetCommits commits) {
        this.interfaces = interfaces;
        this.commits = commits;
    }

    /** The interface once routing has added the routes of {@code added}. */
    public Optional<Ifnet> awaitRouted(Ifaddr added, Duration wait) {
        Ifnet ifp = added.ifnet();
        IpAddress address = IpAddress.parse(added.address());
        return commits.await(ifp.vnet(), wait, () -> current(ifp)
                .filter(now -> now.findAddress(address).filter(Ifaddr::routed).isPresent()));
    }

    /** The tunnel once routing has answered its current endpoints: its cache holds what routing found. */
    public Optional<Ifnet> awaitResolved(Ifnet tunnel, Duration wait) {
        return commits.await(tunnel.vnet(), wait, () -> current(tunnel)
                .filter(now -> now.tunnelGeneration() != tunnel.tunnelGeneration() || now.tunnelResolved()));
    }

    private Optional<Ifnet> current(Ifnet ifp) {
        return QuarkusTransaction.requiringNew().call(() -> interfaces.findByIdOptional(ifp.index()))
                .filter(now -> now.vnet().equals(ifp.vnet()));
    }
}

package dev.jailnet.ifnet.domain;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.ifnet.store.IfnetRepository;
import dev.jailnet.messaging.VnetCommits;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * Waits for routing's answer to a write of the interface layer, for a request that asked to see its effects
 * ({@code Prefer: wait}): the routes an address brings ({@code RTM_NEWADDR} back from routing), a tunnel's route
 * cache for its current endpoints. Empty when the wait ends first.
 * <p>
 * It looks again after every commit into the VNET, so most looks find nothing yet: each is one plain statement,
 * and the interface is loaded only once the statement finds the answer.
 */
@ApplicationScoped
public class RoutingAnswers {

    private static final String ROUTED = """
            select 1 from ifaddr a join ifnet i on i.if_index = a.if_index
            where a.if_index = ? and a.address = ? and a.routed and i.vnet = ?""";
    private static final String RESOLVED = """
            select 1 from ifnet where if_index = ? and vnet = ? and (tunnel_generation <> ? or tunnel_resolved)""";

    private final IfnetRepository interfaces;
    private final VnetCommits commits;
    private final AgroalDataSource dataSource;

    public RoutingAnswers(IfnetRepository interfaces, VnetCommits commits, AgroalDataSource dataSource) {
        this.interfaces = interfaces;
        this.commits = commits;
        this.dataSource = dataSource;
    }

    /** The interface once routing has added the routes of {@code added}. */
    public Optional<Ifnet> awaitRouted(Ifaddr added, Duration wait) {
        Ifnet ifp = added.ifnet();
        IpAddress address = IpAddress.parse(added.address());
        return commits.await(ifp.vnet(), wait, () -> found(ROUTED, ifp.index(), added.address(), ifp.vnet())
                ? current(ifp).filter(now -> now.findAddress(address).filter(Ifaddr::routed).isPresent())
                : Optional.empty()).map(this::shown);
    }

    /** The tunnel once routing has answered its current endpoints: its cache holds what routing found. */
    public Optional<Ifnet> awaitResolved(Ifnet tunnel, Duration wait) {
        return commits.await(tunnel.vnet(), wait,
                () -> found(RESOLVED, tunnel.index(), tunnel.vnet(), tunnel.tunnelGeneration())
                        ? current(tunnel).filter(now -> now.tunnelGeneration() != tunnel.tunnelGeneration()
                                || now.tunnelResolved())
                        : Optional.empty()).map(this::shown);
    }

    /** The interface as it is now, with its addresses: what a look needs, not what an answer shows. */
    private Optional<Ifnet> current(Ifnet ifp) {
        return QuarkusTransaction.requiringNew()
                .call(() -> interfaces.withAddresses(ifp.index()))
                .filter(now -> now.vnet().equals(ifp.vnet()));
    }

    /** The interface a look found, with what its answer shows of its holders, read once for the answer. */
    private Ifnet shown(Ifnet found) {
        return QuarkusTransaction.requiringNew().call(() -> interfaces.inFull(found));
    }

    /** Whether the query finds a row; outside any transaction, on a connection of its own. */
    private boolean found(String query, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(query)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for routing's answer: " + e.getMessage(), e);
        }
    }
}

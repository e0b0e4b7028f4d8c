package dev.jailnet.routing.domain;

import dev.jailnet.messaging.ConflictingTransactions;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.config.RoutingConfig;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Many {@code route add}s in one request, as a routing daemon loads a table: applied in chunks, each chunk
 * one transaction under the VNET's lock (a shutdown waits for one chunk, not the whole load), each refused
 * route reported with why. A chunk that met another transaction is run again whole, as a single add is.
 */
@ApplicationScoped
public class RouteLoad {

    /** A route of the load that was not added: its position in the request, and why (as a single add says). */
    public record Refused(int index, String destination, String field, String detail) {
    }

    public record Loaded(int requested, int added, List<Refused> refused) {
    }

    private static final TypeLiteral<List<Refused>> REFUSALS = new TypeLiteral<>() {
    };

    private final RouteChunks chunks;
    private final RoutingConfig config;
    private final Guard conflicts = Guard.create().withRetry().maxRetries(4).delay(10, ChronoUnit.MILLIS)
            .jitter(10, ChronoUnit.MILLIS).whenException(new ConflictingTransactions()).done().build();

    public RouteLoad(RouteChunks chunks, RoutingConfig config) {
        this.chunks = chunks;
        this.config = config;
    }

    /**
     * Adds {@code routes} in order. A VNET that is unknown or not ALIVE refuses the whole load; one that stops
     * taking routes part-way (its shutdown began) leaves the chunks before applied and every later route
     * refused with that reason.
     */
    public Loaded load(String vnetId, List<RouteSpec> routes) {
        List<Refused> refused = new ArrayList<>();
        for (int first = 0; first < routes.size(); first += config.bulkChunk()) {
            List<RouteSpec> chunk = routes.subList(first, Math.min(routes.size(), first + config.bulkChunk()));
            int at = first;
            try {
                refused.addAll(conflicts.get(() -> chunks.add(vnetId, chunk, at), REFUSALS));
            } catch (Rejected vnetRefused) {
                if (first == 0) {
                    throw vnetRefused;
                }
                for (int i = first; i < routes.size(); i++) {
                    refused.add(new Refused(i, routes.get(i).destination(), vnetRefused.field(),
                            vnetRefused.getMessage()));
                }
                break;
            }
        }
        return new Loaded(routes.size(), routes.size() - refused.size(), refused);
    }
}

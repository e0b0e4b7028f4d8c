package dev.jailnet.console.graph;

import dev.jailnet.console.config.ConsoleConfig;
import dev.jailnet.console.upstream.AuditApi;
import dev.jailnet.console.upstream.AuditApi.Audit;
import dev.jailnet.console.upstream.IfnetApi.Interface;
import dev.jailnet.console.upstream.JailApi.Jail;
import dev.jailnet.console.upstream.RoutingApi.Nexthop;
import dev.jailnet.console.upstream.RoutingApi.Route;
import dev.jailnet.console.upstream.RoutingApi.Subscription;
import dev.jailnet.console.upstream.Upstream;
import dev.jailnet.console.upstream.Upstream.Listing;
import dev.jailnet.console.upstream.Upstreams;
import dev.jailnet.console.upstream.VnetApi.Saga;
import dev.jailnet.console.upstream.VnetApi.Vnet;
import dev.jailnet.problem.Rejected;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * What the page shows, gathered from the services' own APIs with the caller's token: the console keeps no
 * state of its own, so it shows exactly what the caller could read from each service.
 */
@ApplicationScoped
public class ConsoleViews {

    /** The most a service's list gives in one page. */
    private static final int PAGE = 10_000;
    /** How many times a graph is read while its VNET changes under the reads. */
    private static final int GRAPH_READS = 3;
    /** The most VNETs an audit ledger gives in one page. */
    private static final int AUDIT_PAGE = 1_000;

    private final Upstreams services;
    private final ConsoleConfig config;

    public ConsoleViews(Upstreams services, ConsoleConfig config) {
        this.services = services;
        this.config = config;
    }

    /** Every jail, the dying ones too ({@code jls -d}). */
    public List<Jail> jails(String authorization) {
        return services.jail().all((api, cursor) -> api.jails(authorization, true, PAGE, cursor));
    }

    /**
     * A VNET's graph, as the services see it now. Read from four services one after another, the lists may be from
     * after a teardown began while the VNET was read before it: the VNET is read again at the end, and the whole
     * graph too while it changed meanwhile (a few times at most; then it is shown in the state it had at the end), so
     * that a graph never holds a VNET ALIVE with what its teardown already released.
     */
    public VnetGraph graph(String vnetId, String authorization) {
        Vnet vnet = vnet(vnetId, authorization).orElseThrow(() -> Rejected.notFound("vnetId", "no VNET " + vnetId));
        for (int attempt = 1; ; attempt++) {
            VnetGraph graph = graph(vnet, authorization);
            Vnet after = vnet(vnetId, authorization).orElse(vnet);
            if (after.equals(vnet)) {
                return graph;
            }
            if (attempt == GRAPH_READS) {
                return graph.withVnet(after);
            }
            vnet = after;
        }
    }

    private Optional<Vnet> vnet(String vnetId, String authorization) {
        return services.vnet().found(api -> api.vnet(authorization, vnetId));
    }

    private VnetGraph graph(Vnet vnet, String authorization) {
        String vnetId = vnet.vnetId();
        Jail jail = vnet.jid() == null ? null : services.jail()
                .found(api -> api.jail(authorization, vnet.jid(), true))
                // a freed jail's jid may be a new jail's by now
                .filter(j -> vnetId.equals(j.vnetId())).orElse(null);
        List<Saga> sagas = vnet.sagas().stream()
                .map(ref -> services.vnet().found(api -> api.saga(authorization, ref.id())))
                .flatMap(Optional::stream)
                .sorted(Comparator.comparing(Saga::startedAt, Comparator.nullsLast(Comparator.<Instant>naturalOrder())))
                .toList();
        int limit = config.graphLimit();
        Listing<Interface> interfaces = services.ifnet().first(api -> api.interfaces(authorization, vnetId, true, limit));
        Listing<Nexthop> nexthops = services.routing().first(api -> api.nexthops(authorization, vnetId, limit));
        Listing<Route> routes = services.routing().first(api -> api.routes(authorization, vnetId, limit));
        Listing<Subscription> subscriptions = services.routing()
                .first(api -> api.subscriptions(authorization, vnetId, limit));
        Map<String, Listing<?>> lists = new TreeMap<>(Map.of("interfaces", interfaces, "nexthops", nexthops,
                "routes", routes, "subscriptions", subscriptions));
        List<String> truncated = lists.entrySet().stream().filter(kind -> kind.getValue().more())
                .map(Map.Entry::getKey).toList();
        return new VnetGraph(vnet, jail, sagas,
                services.routing().found(api -> api.ribs(authorization, vnetId)).orElse(List.of()),
                interfaces.items(), nexthops.items(), routes.items(), subscriptions.items(), truncated);
    }

    /** Every reference fault any service recorded, service by service. */
    public List<Fault> faults(String authorization) {
        List<Fault> faults = new ArrayList<>();
        for (Upstream<AuditApi> audit : services.audits()) {
            Optional<String> cursor = Optional.empty();
            do {
                String after = cursor.orElse(null);
                RestResponse<Audit> page = audit.call(api -> api.audit(authorization, AUDIT_PAGE, after));
                page.getEntity().faults().forEach(line -> faults.add(Fault.of(audit.service(), line)));
                cursor = Upstream.next(page);
            } while (cursor.isPresent());
        }
        return faults;
    }
}

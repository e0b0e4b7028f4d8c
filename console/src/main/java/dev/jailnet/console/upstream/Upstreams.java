package dev.jailnet.console.upstream;

import dev.jailnet.console.config.ConsoleConfig;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The four services' APIs, at the base URLs of the configuration. */
@ApplicationScoped
public class Upstreams {

    private static final long CONNECT_TIMEOUT_MILLIS = 2_000;

    private final Upstream<JailApi> jail;
    private final Upstream<VnetApi> vnet;
    private final Upstream<IfnetApi> ifnet;
    private final Upstream<RoutingApi> routing;
    private final List<Upstream<AuditApi>> audits;

    public Upstreams(ConsoleConfig config) {
        ConsoleConfig.Services at = config.services();
        long timeout = config.callTimeout().toMillis();
        jail = new Upstream<>("jail-service", client(JailApi.class, at.jail(), timeout));
        vnet = new Upstream<>("vnet-service", client(VnetApi.class, at.vnet(), timeout));
        ifnet = new Upstream<>("ifnet-service", client(IfnetApi.class, at.ifnet(), timeout));
        routing = new Upstream<>("routing-service", client(RoutingApi.class, at.routing(), timeout));
        audits = List.of(new Upstream<>(jail.service(), client(AuditApi.class, at.jail(), timeout)),
                new Upstream<>(vnet.service(), client(AuditApi.class, at.vnet(), timeout)),
                new Upstream<>(ifnet.service(), client(AuditApi.class, at.ifnet(), timeout)),
                new Upstream<>(routing.service(), client(AuditApi.class, at.routing(), timeout)));
    }

    private static <A> A client(Class<A> api, URI base, long timeoutMillis) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(base)
                .connectTimeout(CONNECT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMillis, TimeUnit.MILLISECONDS).build(api);
    }

    public Upstream<JailApi> jail() {
        return jail;
    }

    public Upstream<VnetApi> vnet() {
        return vnet;
    }

    public Upstream<IfnetApi> ifnet() {
        return ifnet;
    }

    public Upstream<RoutingApi> routing() {
        return routing;
    }

    /** Every service's audit ledger. */
    public List<Upstream<AuditApi>> audits() {
        return audits;
    }
}

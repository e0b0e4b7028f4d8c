package dev.jailnet.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The four services as the console meets them, played by one HTTP server with answers written here: a VNET
 * with a tunnel's route cache and subscription, lists that come in pages, a VNET that is not there, and audit
 * ledgers with faults. It answers as the services do, including fields the console does not read.
 */
public class FakeServices implements QuarkusTestResourceLifecycleManager {

    static final String SAGA = "6f1f8a52-7c4e-4a55-9a51-0c3b0a3b7e11";
    /** Every request's method, path and query, and its Authorization header. */
    static final Queue<String[]> REQUESTS = new ConcurrentLinkedQueue<>();

    private static final Map<String, Answer> ANSWERS = Map.ofEntries(
            Map.entry("/api/jails?dying=true&limit=10000", new Answer(200, """
                    [{"jid":3,"name":"web","state":"ALIVE","vnet":true,"vnetId":"vnet3","userRefs":1,"refs":1,
                      "persist":true,"processes":[],"holds":[],"createdAt":"2026-12-01T10:00:00Z"}]""",
                    "</api/jails?dying=true&limit=10000&cursor=3>; rel=\"next\"")),
            Map.entry("/api/jails?dying=true&limit=10000&cursor=3", new Answer(200, """
                    [{"jid":4,"name":"old","state":"DYING","vnet":true,"vnetId":"vnet4","userRefs":0,"refs":1,
                      "persist":false,"processes":[],"holds":[{"id":1,"description":"tcp TIME_WAIT"}]}]""", null)),
            Map.entry("/api/jails/3?dying=true", new Answer(200, """
                    {"jid":3,"name":"web","state":"ALIVE","vnet":true,"vnetId":"vnet3","userRefs":1,"refs":1,
                     "persist":true,"processes":[],"holds":[]}""", null)),
            Map.entry("/api/vnets/vnet3", new Answer(200, """
                    {"vnetId":"vnet3","jid":3,"state":"ALIVE","teardown":"vnet_shutdown","jailRefsDrained":false,
                     "aField":"added tomorrow","sagas":[{"id":"%s","type":"VNET_CREATE","status":"COMPLETED"}]}"""
                    .formatted(SAGA), null)),
            Map.entry("/api/sagas/" + SAGA, new Answer(200, """
                    {"id":"%s","type":"VNET_CREATE","vnetId":"vnet3","status":"COMPLETED",
                     "startedAt":"2026-12-01T10:00:00Z","endedAt":"2026-12-01T10:00:00.040Z","durationMs":40,
                     "steps":[{"step":"LOIF_INIT","participants":["IFNET"],"compensation":false,"status":"DONE",
                               "attempts":2,"durationMs":30,"released":{"lo0":6}}]}""".formatted(SAGA), null)),
            Map.entry("/api/vnets/vnet3/interfaces?tombstones=true&limit=200", new Answer(200, """
                    [{"name":"gif0","index":7,"kind":"GIF","state":"ATTACHED","homeVnet":"vnet3","vnet":"vnet3",
                      "flags":["UP","RUNNING"],"mtu":1280,"addresses":[],"refcount":0,"holders":[],
                      "tunnel":{"source":"10.0.0.2","destination":"198.51.100.1","fib":0,"subscribed":true,
                                "resolved":true,"cache":{"nhopId":3,"egress":"epair0b","gateway":"10.0.0.1"}}}]""",
                    null)),
            Map.entry("/api/vnets/vnet3/nexthops?limit=200", new Answer(200, """
                    [{"id":3,"fib":0,"family":"INET","interface":"epair0b","ifIndex":5,"gateway":"10.0.0.1",
                      "refcount":2,"holders":[{"kind":"route","destination":"0.0.0.0/0"},
                                              {"kind":"tunnel","subscriber":"gif0","vnet":"vnet3"}],
                      "holdersComplete":true}]""", null)),
            Map.entry("/api/vnets/vnet3/routes?limit=200", new Answer(200, """
                    [{"destination":"0.0.0.0/0","gateway":"10.0.0.1","flags":"UGS","interface":"epair0b",
                      "nhopId":3,"fib":0,"family":"INET","kind":"STATIC"}]""",
                    "</api/vnets/vnet3/routes?limit=200&cursor=x>; rel=\"next\"")),
            Map.entry("/api/vnets/vnet3/subscriptions?limit=200", new Answer(200, """
                    [{"id":1,"fib":0,"family":"INET","subscriber":"gif0","subscriberIndex":7,"vnet":"vnet3",
                      "destination":"198.51.100.1","nhopId":3}]""", null)),
            Map.entry("/api/vnets/vnet3/ribs", new Answer(200, """
                    [{"vnetId":"vnet3","fib":0,"family":"INET"},{"vnetId":"vnet3","fib":0,"family":"INET6"}]""",
                    null)),
            Map.entry("/api/vnets/vnet6/interfaces?tombstones=true&limit=200", new Answer(200, "[]", null)),
            Map.entry("/api/vnets/vnet6/nexthops?limit=200", new Answer(200, "[]", null)),
            Map.entry("/api/vnets/vnet6/routes?limit=200", new Answer(200, "[]", null)),
            Map.entry("/api/vnets/vnet6/subscriptions?limit=200", new Answer(200, "[]", null)),
            Map.entry("/api/vnets/vnet6/ribs", new Answer(200, "[]", null)),
            Map.entry("/api/vnets/vnet9", new Answer(404, """
                    {"type":"about:blank","title":"Not Found","status":404,"detail":"no VNET vnet9"}""", null)),
            Map.entry("/api/vnets/vnet7", new Answer(503, """
                    {"type":"about:blank","title":"Service Unavailable","status":503,
                     "detail":"the service cannot reach its database now; try again later"}""", null)),
            Map.entry("/api/vnets/vnet8", new Answer(500, """
                    {"type":"about:blank","title":"Internal Server Error","status":500,
                     "detail":"the service failed to handle the request; see its log"}""", null)),
            Map.entry("/api/audit?limit=1000", new Answer(200, """
                    {"service":"any","objects":[],"holds":[],"heldBy":[],"violations":[],
                     "faults":["vnet5: rib_unsubscribe by gif0 (tunnel:vnet5/9) on a RIB of vnet5 that rtables_destroy already freed"],
                     "actions":[]}""", "</api/audit?limit=1000&cursor=vnet5>; rel=\"next\"")),
            Map.entry("/api/audit?limit=1000&cursor=vnet5", new Answer(200, """
                    {"service":"any","objects":[],"holds":[],"heldBy":[],"violations":[],"faults":[],"actions":[]}""",
                    null)));

    /** vnet6 is ALIVE when first read and SHUTTING_DOWN from then on: its teardown begins while its graph is read. */
    private static final String VNET6 = "/api/vnets/vnet6";
    private static final AtomicInteger VNET6_READS = new AtomicInteger();
    private static final String VNET6_BODY = """
            {"vnetId":"vnet6","state":"%s","teardown":"vnet_shutdown","jailRefsDrained":false,"sagas":[]}""";

    private HttpServer server;

    private record Answer(int status, String body, String link) {
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        return Map.of("jailnet.console.services.jail", url, "jailnet.console.services.vnet", url,
                "jailnet.console.services.ifnet", url, "jailnet.console.services.routing", url);
    }

    private void answer(HttpExchange exchange) throws IOException {
        String asked = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        REQUESTS.add(new String[] {exchange.getRequestMethod() + " " + asked,
                exchange.getRequestHeaders().getFirst("Authorization")});
        Answer answer = VNET6.equals(asked)
                ? new Answer(200, VNET6_BODY.formatted(VNET6_READS.getAndIncrement() == 0 ? "ALIVE" : "SHUTTING_DOWN"), null)
                : ANSWERS.getOrDefault(asked, new Answer(500, "{\"detail\":\"not played: " + asked + "\"}", null));
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().put("Content-Type", List.of(answer.status() < 400 ? "application/json"
                : "application/problem+json"));
        if (answer.link() != null) {
            exchange.getResponseHeaders().put("Link", List.of(answer.link()));
        }
        exchange.sendResponseHeaders(answer.status(), body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void stop() {
        server.stop(0);
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The control endpoint of {@code jailnet up}: HTTP on 127.0.0.1 only, through which another process (the
 * {@code jailnet start/stop/kill/restart/pause/resume/ps} verbs, {@code jailnet chaos}) finds the system and
 * acts on its components.
 * <ul>
 *   <li>{@code GET /components}: Kafka's address, the JDBC URL, the data and secrets directories, and each component's
 *       name, state, pid, port (and URL, for a service replica);</li>
 *   <li>{@code POST /components/{name}/{action}}: {@code action} one of {@code start, stop, kill, restart,
 *       pause, resume}, on one component ({@code postgres}, {@code kafka}, {@code ifnet-service#2}) or on
 *       every replica of a service ({@code ifnet-service}); it answers when done (a start once the component
 *       serves), with each component's state and the time it took.</li>
 * </ul>
 * An action takes an operator's bearer token (the status does not: it is how a local client finds the data
 * directory, and its token there). Errors are problem details: 401 no operator's token, 404 an unknown component, 400 an unknown action or one the component does not
 * have, 409 one its state forbids, 500 one that failed.
 */
public final class ControlServer implements AutoCloseable {

    public static final int DEFAULT_PORT = 8085;
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost");

    private final LocalSystem system;
    private final HttpServer server;
    private final ExecutorService executor;

    private ControlServer(LocalSystem system, HttpServer server, ExecutorService executor) {
        this.system = system;
        this.server = server;
        this.executor = executor;
    }

    /** Listens on 127.0.0.1:{@code port} (0 picks a free one). */
    public static ControlServer start(LocalSystem system, int port) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            // a few at once: a status request is answered while a start waits for its component
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "jailnet-control");
                t.setDaemon(true);
                return t;
            });
            ControlServer control = new ControlServer(system, http, executor);
            http.createContext("/components", control::handle);
            http.setExecutor(executor);
            http.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " for control: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Where it listens, {@code 127.0.0.1:port}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!fromThisMachine(exchange)) {
                reply(exchange, problem(403, "Forbidden", "the control endpoint answers local command-line clients only"));
                return;
            }
            String[] path = exchange.getRequestURI().getPath().replaceFirst("^/components/?", "").split("/");
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.length == 1 && path[0].isEmpty()) {
                reply(exchange, status());
            } else if (method.equals("POST") && path.length == 2) {
                String authorization = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization"))
                        .orElse("");
                if (!system.grantsOperator(authorization.replaceFirst("^Bearer\\s+", ""))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"jailnet\"");
                    reply(exchange, problem(401, "Unauthorized", "stopping, killing or starting a component takes an "
                            + "operator's bearer token (./jailnet uses the one jailnet up wrote by itself)"));
                    return;
                }
                reply(exchange, act(path[0], path[1]));
            } else {
                reply(exchange, problem(404, "Not Found", "GET /components, or POST /components/{name}/{action}"));
            }
        }
    }

    /**
     * Refuses what a web page could send: a browser names its page's origin, and a name that a rebinding DNS
     * points at 127.0.0.1 arrives in the Host header.
     */
    private boolean fromThisMachine(HttpExchange exchange) {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("");
        String hostName = host.replaceFirst(":\\d+$", "");
        return exchange.getRequestHeaders().getFirst("Origin") == null && LOOPBACK_NAMES.contains(hostName);
    }

    private Reply status() {
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("kafka", system.kafkaBootstrap()).put("jdbcUrl", system.jdbcUrl())
                .put("dataDir", system.dataDir().toString())
                .put("secretsDir", system.secrets().directory().toString()).put("replicas", system.replicaCount());
        ArrayNode components = body.putArray("components");
        system.components().forEach(c -> components.add(describe(c)));
        return new Reply(200, body);
    }

    private Reply act(String name, String word) {
        Optional<Component.Action> action = Component.Action.of(word);
        if (action.isEmpty()) {
            return problem(400, "Bad Request", "no action '" + word + "': start, stop, kill, restart, pause or resume");
        }
        List<Component> selected = system.select(name);
        if (selected.isEmpty()) {
            return problem(404, "Not Found", "no component '" + name + "': "
                    + String.join(", ", system.components().stream().map(Component::name).toList())
                    + ", or a service's name for all its replicas");
        }
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("action", action.get().word());
        ArrayNode done = body.putArray("components");
        for (Component component : selected) {
            long started = System.nanoTime();
            try {
                action.get().on(component);
            } catch (UnsupportedOperationException e) {
                return problem(400, "Bad Request", e.getMessage());
            } catch (Component.NotNow e) {
                return problem(409, "Conflict", e.getMessage());
            } catch (RuntimeException e) {
                return problem(500, "Internal Server Error", component.name() + ": " + e.getMessage());
            }
            done.add(describe(component).put("tookMs", (System.nanoTime() - started) / 1_000_000));
        }
        return new Reply(200, body);
    }

    private static ObjectNode describe(Component component) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("name", component.name()).put("state", component.state().name()).put("pid", component.pid())
                .put("port", component.port());
        if (component instanceof ServiceProcess service) {
            node.put("url", service.url());
        }
        return node;
    }

    private record Reply(int status, ObjectNode body) {
    }

    private static Reply problem(int status, String title, String detail) {
        ObjectNode body = Api.JSON.createObjectNode();
        body.put("type", "about:blank").put("title", title).put("status", status).put("detail", detail);
        return new Reply(status, body);
    }

    private static void reply(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = Api.JSON.writeValueAsString(reply.body()).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type",
                reply.status() < 400 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.testsupport.TopicWatcher;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The "standard jail" of the tests and the benchmark, built over REST as an operator would: a VNET jail
 * with its {@code lo0}, the "b" half of a host epair loaned in with an address, a default route and ten
 * static routes through one gateway, and a gif tunnel whose route cache holds a nexthop and a RIB
 * subscription. ALIVE is awaited on {@code JailAlive} (the watcher must watch the jail events); the
 * routing and interface states, which publish nothing a client could wait on, are polled, backing off.
 */
public final class StandardJail {

    public static final int STATIC_ROUTES = 10;

    /** The four services' base URLs. */
    public record Endpoints(String jail, String vnet, String ifnet, String routing) {
    }

    /** A built standard jail: its jid, VNET, loaned interface and tunnel; {@code mark} is the watcher's before its creation. */
    public record Built(int jid, String name, String vnetId, String epair, String gif, int mark, long createdNanos,
                        long aliveNanos) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long FIRST_POLL_MILLIS = 1;
    private static final long LAST_POLL_MILLIS = 16;

    private final Endpoints urls;
    private final TopicWatcher events;

    public StandardJail(Endpoints urls, TopicWatcher jailEvents) {
        this.urls = urls;
        this.events = jailEvents;
    }

    public Built create(String name) {
        return create(name, false);
    }

    /** With {@code legacy}, the jail's VNET is torn down the old way, without {@code vnet_shutdown}. */
    public Built create(String name, boolean legacy) {
        String a = post(urls.ifnet() + "/api/vnets/vnet0/interfaces", Map.of("cloner", "epair")).path("name").asText();
        String epair = a.substring(0, a.length() - 1) + "b";
        int mark = events.mark();
        long created = System.nanoTime();
        JsonNode jail = post(urls.jail() + "/api/jails", Map.of("name", name, "vnet", true, "interfaces", List.of(epair),
                "shutdown", legacy ? "legacy" : "vnet_shutdown"));
        int jid = jail.path("jid").asInt();
        String vnetId = jail.path("vnetId").asText();
        events.await(JailAlive.class, alive -> alive.jid() == jid, WAIT, mark)
                .orElseThrow(() -> new IllegalStateException("no JailAlive for jail " + jid + " within " + WAIT));
        long alive = System.nanoTime();
        String interfaces = urls.ifnet() + "/api/vnets/" + vnetId + "/interfaces";
        post(interfaces + "/" + epair + "/addresses", Map.of("address", "10.0.0.2/24"));
        await(urls.routing() + "/api/vnets/" + vnetId + "/routes?fib=0&family=inet", r -> r.size() >= 2,
                "the connected route of 10.0.0.2/24 in " + vnetId);
        String routes = urls.routing() + "/api/vnets/" + vnetId + "/routes";
        post(routes, Map.of("destination", "default", "gateway", "10.0.0.1"));
        for (int i = 0; i < STATIC_ROUTES; i++) {
            post(routes, Map.of("destination", "10.1." + i + ".0/24", "gateway", "10.0.0.1"));
        }
        String gif = post(interfaces, Map.of("cloner", "gif")).path("name").asText();
        put(interfaces + "/" + gif + "/tunnel", Map.of("source", "10.0.0.2", "destination", "198.51.100.1", "fib", 0));
        await(interfaces + "/" + gif, g -> g.path("tunnel").path("cache").has("nhopId"),
                gif + "'s route cache in " + vnetId);
        return new Built(jid, name, vnetId, epair, gif, mark, created, alive);
    }

    /** {@code jail_remove}. */
    public void remove(int jid) {
        send(HttpRequest.newBuilder(URI.create(urls.jail() + "/api/jails/" + jid)).DELETE());
    }

    /** Destroys the host epair a standard jail borrowed, once it is back home (keeps vnet0 from growing). */
    public void dropHostEpair(Built built) {
        String a = built.epair().substring(0, built.epair().length() - 1) + "a";
        send(HttpRequest.newBuilder(URI.create(urls.ifnet() + "/api/vnets/vnet0/interfaces/" + a)).DELETE());
    }

    /** Waits until the VNET is DESTROYED (the jail is freed right after). */
    public void awaitDestroyed(String vnetId) {
        await(urls.vnet() + "/api/vnets/" + vnetId, v -> "DESTROYED".equals(v.path("state").asText()),
                vnetId + " DESTROYED");
    }

    public JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private JsonNode post(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    private JsonNode put(String url, Object body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** Polls {@code url} until {@code done} holds, backing off from 1 to 16 ms between requests. */
    public void await(String url, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (System.nanoTime() < deadline) {
            JsonNode node = send(HttpRequest.newBuilder(URI.create(url)).GET());
            if (done.test(node)) {
                return;
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(2 * pause, LAST_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("no " + what + " within " + WAIT.toSeconds() + " s");
    }

    private static JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(response.request().method() + " " + response.request().uri() + ": "
                        + response.statusCode() + " " + response.body());
            }
            return response.body().isEmpty() ? Api.JSON.nullNode() : Api.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot reach " + request.build().uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String json(Object body) {
        try {
            return Api.JSON.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

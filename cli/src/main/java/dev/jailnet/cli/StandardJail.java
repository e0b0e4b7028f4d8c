package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.localstack.TopicWatcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The "standard jail" of the tests and the benchmark, built over REST as an operator would: a VNET jail
 * with its {@code lo0}, the "b" half of a host epair loaned in with an address, a default route and ten
 * static routes through one gateway, and a gif tunnel whose route cache holds a nexthop and a RIB
 * subscription. ALIVE is awaited on {@code JailAlive} (the watcher must watch the jail events); the address and
 * the tunnel are written with {@code Prefer: wait}, so that they answer once routing has applied them, and
 * polled only when a wait did not settle (a retry found its earlier attempt applied).
 * Every step can be sent again through {@link Calls#patient patient calls}: what it creates is named (the
 * jail, {@code gif0}, and the epair when a unit is given), so a retry finds its earlier attempt's object.
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

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long FIRST_POLL_MILLIS = 1;
    private static final long LAST_POLL_MILLIS = 16;
    private static final String GIF = "gif0";

    private final Endpoints urls;
    private final TopicWatcher events;
    private final Calls calls;
    private final Duration wait;

    /** Strict calls with an operator's {@code token}, and a minute for each thing awaited. */
    public StandardJail(Endpoints urls, TopicWatcher jailEvents, String token) {
        this(urls, jailEvents, Calls.strict(token), WAIT);
    }

    public StandardJail(Endpoints urls, TopicWatcher jailEvents, Calls calls, Duration wait) {
        this.urls = urls;
        this.events = jailEvents;
        this.calls = calls;
        this.wait = wait;
    }

    public Built create(String name) {
        return create(name, false);
    }

    /** With {@code legacy}, the jail's VNET is torn down the old way, without {@code vnet_shutdown}. */
    public Built create(String name, boolean legacy) {
        return create(name, legacy, null);
    }

    /** With the host epair's unit chosen by the caller: {@code epair<unit>a} and {@code epair<unit>b}. */
    public Built create(String name, int epairUnit) {
        return create(name, false, epairUnit);
    }

    /**
     * A standard jail within {@code parent} ({@code parent.name}), allowed {@code childrenMax} descendants: its
     * epair is made in the parent's VNET and its "b" half loaned in from there, as jail(8) run in the parent would.
     * The epair's unit is the one after the parent's: the parent's VNET already holds the "b" half of its own, and
     * the lowest free unit there would be that half's name.
     */
    public Built createIn(Built parent, String name, int childrenMax, boolean legacy) {
        int parentUnit = Integer.parseInt(parent.epair().substring("epair".length(), parent.epair().length() - 1));
        return create(parent.name() + "." + name, legacy, parentUnit + 1, parent.vnetId(), childrenMax);
    }

    /** A standard jail of the host allowed {@code childrenMax} descendants. */
    public Built create(String name, int childrenMax, boolean legacy) {
        return create(name, legacy, null, VnetIds.VNET0, childrenMax);
    }

    private Built create(String name, boolean legacy, Integer epairUnit) {
        return create(name, legacy, epairUnit, VnetIds.VNET0, 0);
    }

    private Built create(String name, boolean legacy, Integer epairUnit, String parentVnet, int childrenMax) {
        String host = urls.ifnet() + "/api/vnets/" + parentVnet + "/interfaces";
        String a = epairUnit == null ? calls.post(host, Map.of("cloner", "epair")).path("name").asText()
                : named(calls.post(host, Map.of("cloner", "epair", "name", "epair" + epairUnit)), "epair" + epairUnit + "a");
        String epair = a.substring(0, a.length() - 1) + "b";
        int mark = events.mark();
        long created = System.nanoTime();
        JsonNode jail = calls.post(urls.jail() + "/api/jails", Map.of("name", name, "vnet", true, "interfaces",
                List.of(epair), "shutdown", legacy ? "legacy" : "vnet_shutdown", "childrenMax", childrenMax));
        if (jail.isMissingNode()) {
            jail = calls.get(urls.jail() + "/api/jails/" + name);
        }
        int jid = jail.path("jid").asInt();
        String vnetId = jail.path("vnetId").asText();
        events.await(JailAlive.class, alive -> alive.jid() == jid, wait, mark)
                .orElseThrow(() -> new IllegalStateException("no JailAlive for jail " + jid + " within " + wait));
        long alive = System.nanoTime();
        String interfaces = urls.ifnet() + "/api/vnets/" + vnetId + "/interfaces";
        if (calls.postAndWait(interfaces + "/" + epair + "/addresses", Map.of("address", "10.0.0.2/24"), wait)
                .isEmpty()) {
            await(urls.routing() + "/api/vnets/" + vnetId + "/routes?fib=0&family=inet", r -> r.size() >= 2,
                    "the connected route of 10.0.0.2/24 in " + vnetId);
        }
        String routes = urls.routing() + "/api/vnets/" + vnetId + "/routes";
        calls.post(routes, Map.of("destination", "default", "gateway", "10.0.0.1"));
        for (int i = 0; i < STATIC_ROUTES; i++) {
            calls.post(routes, Map.of("destination", "10.1." + i + ".0/24", "gateway", "10.0.0.1"));
        }
        String gif = named(calls.post(interfaces, Map.of("cloner", "gif", "name", GIF)), GIF);
        Predicate<JsonNode> cached = g -> g.path("tunnel").path("cache").has("nhopId");
        if (!calls.putAndWait(interfaces + "/" + gif + "/tunnel", Map.of("source", "10.0.0.2",
                "destination", "198.51.100.1", "fib", 0), wait).filter(cached).isPresent()) {
            await(interfaces + "/" + gif, cached, gif + "'s route cache in " + vnetId);
        }
        return new Built(jid, name, vnetId, epair, gif, mark, created, alive);
    }

    /** The created interface's name; {@code asked} when an earlier attempt created it and the answer was lost. */
    private static String named(JsonNode created, String asked) {
        return created.isMissingNode() ? asked : created.path("name").asText();
    }

    /** {@code jail_remove}. */
    public void remove(int jid) {
        calls.delete(urls.jail() + "/api/jails/" + jid);
    }

    /** Destroys the host epair a standard jail borrowed, once it is back home (keeps vnet0 from growing). */
    public void dropHostEpair(Built built) {
        String a = built.epair().substring(0, built.epair().length() - 1) + "a";
        calls.delete(urls.ifnet() + "/api/vnets/vnet0/interfaces/" + a);
    }

    /** Waits until the VNET is DESTROYED (the jail is freed right after). */
    public void awaitDestroyed(String vnetId) {
        await(urls.vnet() + "/api/vnets/" + vnetId, v -> "DESTROYED".equals(v.path("state").asText()),
                vnetId + " DESTROYED");
    }

    /** Waits for the jail's {@code VnetDestroyed} (the watcher must watch the VNET events too). */
    public void awaitVnetDestroyed(Built jail) {
        events.await(VnetDestroyed.class, e -> e.vnetId().equals(jail.vnetId()), wait, jail.mark())
                .orElseThrow(() -> new IllegalStateException("no VnetDestroyed for " + jail.vnetId() + " within " + wait));
    }

    public JsonNode get(String url) {
        return calls.get(url);
    }

    /** Polls {@code url} until {@code done} holds, backing off from 1 to 16 ms between requests. */
    public void await(String url, Predicate<JsonNode> done, String what) {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = FIRST_POLL_MILLIS;
        while (System.nanoTime() < deadline) {
            JsonNode node = calls.get(url);
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
        throw new IllegalStateException("no " + what + " within " + wait.toSeconds() + " s");
    }
}

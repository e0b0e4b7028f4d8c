package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jailnet.events.audit.AuditLedger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a chaos run left in the system, asked over REST (through each service's first replica) once the run is
 * over: the audit, everything of a destroyed VNET that is still there, parked outbox messages, and what became of
 * a lifecycle that did not complete.
 */
public final class Leftovers {

    /** Once the last messages are applied the audit is clean: a minute for them. */
    private static final Duration AUDIT_SETTLES = Duration.ofSeconds(60);

    private final Calls calls;
    private final Map<Service, String> first = new EnumMap<>(Service.class);
    private final String jail;
    private final String vnet;
    private final String ifnet;
    private final String routing;

    public Leftovers(Calls calls, Map<Service, List<String>> urls) {
        this.calls = calls;
        urls.forEach((service, replicas) -> first.put(service, replicas.get(0)));
        this.jail = first.get(Service.JAIL);
        this.vnet = first.get(Service.VNET);
        this.ifnet = first.get(Service.IFNET);
        this.routing = first.get(Service.ROUTING);
    }

    /** The audit's findings, once clean or after a minute of trying. */
    List<String> audit() throws InterruptedException {
        long deadline = System.nanoTime() + AUDIT_SETTLES.toNanos();
        List<String> findings = AuditCheck.crossCheck(ledger(ifnet), ledger(routing));
        while (!findings.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            findings = AuditCheck.crossCheck(ledger(ifnet), ledger(routing));
        }
        return findings;
    }

    /** Every object of both ledgers now (interfaces, tunnels, RIBs, nexthops), to tell later what a run made. */
    public Set<String> objects() {
        Set<String> objects = new HashSet<>(ledger(ifnet).objects());
        objects.addAll(ledger(routing).objects());
        return objects;
    }

    /**
     * Everything still there of the destroyed VNETs of these lifecycles: an object of either ledger that was
     * not there {@code before} (an interface is named by its index alone, so this is how one left behind
     * shows), a reference from or to the VNET, a layer that still knows the VNET (its interfaces with
     * tombstones, RIBs, routes, nexthops, subscriptions), the jail, the host epair, a VNET not DESTROYED, a
     * saga not COMPLETED.
     */
    public List<String> ofDestroyed(List<ChaosCommand.Lifecycle> destroyed, Set<String> before) {
        AuditLedger ifnetLedger = ledger(ifnet);
        AuditLedger routingLedger = ledger(routing);
        List<String> left = new ArrayList<>();
        for (AuditLedger ledger : List.of(ifnetLedger, routingLedger)) {
            ledger.objects().stream().filter(o -> !before.contains(o))
                    .forEach(o -> left.add(ledger.service() + " still has " + o + ", made during the run"));
        }
        for (ChaosCommand.Lifecycle lifecycle : destroyed) {
            String vnetId = lifecycle.vnetId();
            left.addAll(AuditCheck.remnants(vnetId, ifnetLedger, routingLedger));
            String ribs = routing + "/api/vnets/" + vnetId;
            for (String url : List.of(ifnet + "/api/vnets/" + vnetId + "/interfaces?tombstones=true", ribs + "/ribs",
                    ribs + "/routes", ribs + "/nexthops", ribs + "/subscriptions")) {
                List<JsonNode> rows = listOrEmpty(url);
                if (!rows.isEmpty()) {
                    left.add(url + ": " + rows.size() + " left: " + rows);
                }
            }
            String epairA = lifecycle.epair().substring(0, lifecycle.epair().length() - 1) + "a";
            if (getOrNull(ifnet + "/api/vnets/vnet0/interfaces/" + epairA) != null) {
                left.add(vnetId + ": the host epair " + epairA + " is still in vnet0");
            }
            JsonNode prison = getOrNull(jail + "/api/jails/" + lifecycle.jid() + "?dying=true");
            if (prison != null && lifecycle.name().equals(prison.path("name").asText())) {
                left.add(vnetId + ": jail " + lifecycle.jid() + " (" + lifecycle.name() + ") is not freed: "
                        + prison.path("state").asText());
            }
            JsonNode view = calls.get(vnet + "/api/vnets/" + vnetId);
            if (!"DESTROYED".equals(view.path("state").asText())) {
                left.add(vnetId + " is " + view.path("state").asText() + ", not DESTROYED");
            }
            view.path("sagas").forEach(saga -> {
                if (!"COMPLETED".equals(saga.path("status").asText())) {
                    left.add(vnetId + ": saga " + saga.path("id").asText() + " (" + saga.path("type").asText()
                            + ") is " + saga.path("status").asText());
                }
            });
        }
        return left;
    }

    /** Outbox messages Kafka refused for good, per service. */
    Map<String, Integer> parked() {
        Map<String, Integer> parked = new LinkedHashMap<>();
        first.forEach((service, base) -> parked.put(service.module(), calls.get(base + "/api/outbox/parked").size()));
        return parked;
    }

    /** What became of a lifecycle that did not complete: its jail, its VNET, and every saga of the VNET. */
    ObjectNode diagnose(ChaosCommand.Lifecycle lifecycle) {
        ObjectNode node = Api.JSON.valueToTree(lifecycle);
        for (JsonNode prison : calls.list(jail + "/api/jails?dying=true")) {
            if (lifecycle.name().equals(prison.path("name").asText())) {
                node.set("jail", prison);
            }
        }
        String vnetId = lifecycle.vnetId() != null ? lifecycle.vnetId() : node.path("jail").path("vnetId").asText(null);
        if (vnetId != null) {
            JsonNode view = calls.get(vnet + "/api/vnets/" + vnetId);
            node.set("vnet", view);
            ArrayNode sagas = node.putArray("sagas");
            view.path("sagas").forEach(s -> sagas.add(calls.get(vnet + "/api/sagas/" + s.path("id").asText())));
        }
        return node;
    }

    private AuditLedger ledger(String base) {
        return AuditCheck.ledger(calls.pages(base + "/api/audit"));
    }

    /** Every item of the list, none when there is no such list (404). */
    private List<JsonNode> listOrEmpty(String url) {
        try {
            return calls.list(url);
        } catch (Calls.Failed e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    /** The answer, or null for 404. */
    private JsonNode getOrNull(String url) {
        try {
            return calls.get(url);
        } catch (Calls.Failed e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.events.audit.AuditLedger.Reference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The system audit: cross-checks the reference ledgers of ifnet-service and routing-service. Every
 * reference must be recorded alike on both sides (same holders, same counts) and point to a live object;
 * each service's own violations, and the reference faults it recorded, count too. An empty result means clean.
 */
public final class AuditCheck {

    private AuditCheck() {
    }

    /** A service's whole ledger from the pages of its {@code GET /api/audit} (whole VNETs a page at a time). */
    public static AuditLedger ledger(List<JsonNode> pages) {
        return AuditLedger.merge(pages.stream().map(page -> Api.JSON.convertValue(page, AuditLedger.class)).toList());
    }

    public static List<String> crossCheck(AuditLedger ifnet, AuditLedger routing) {
        List<String> findings = new ArrayList<>();
        ifnet.violations().forEach(v -> findings.add("ifnet-service: " + v));
        routing.violations().forEach(v -> findings.add("routing-service: " + v));
        ifnet.faults().forEach(f -> findings.add("ifnet-service reference fault: " + f));
        routing.faults().forEach(f -> findings.add("routing-service reference fault: " + f));
        compare(routing.service(), routing.holds(), ifnet.service(), ifnet.heldBy(), findings);
        compare(ifnet.service(), ifnet.holds(), routing.service(), routing.heldBy(), findings);
        live(routing.holds(), Reference::target, ifnet, "target", findings);
        live(ifnet.heldBy(), Reference::holder, routing, "holder", findings);
        live(ifnet.holds(), Reference::target, routing, "target", findings);
        live(routing.heldBy(), Reference::holder, ifnet, "holder", findings);
        return findings;
    }

    /** What is left of a VNET in either ledger: after its destruction this must be empty. */
    public static List<String> remnants(String vnetId, AuditLedger... ledgers) {
        Predicate<String> ofVnet = id -> id.contains(":" + vnetId + "/");
        List<String> found = new ArrayList<>();
        for (AuditLedger ledger : ledgers) {
            ledger.objects().stream().filter(ofVnet).forEach(o -> found.add(ledger.service() + " still has " + o));
            for (Reference r : concat(ledger.holds(), ledger.heldBy())) {
                if (ofVnet.test(r.holder()) || ofVnet.test(r.target())) {
                    found.add(ledger.service() + " still records " + r.holder() + " -> " + r.target());
                }
            }
        }
        return found;
    }

    /** {@code holderSide} records holding what {@code targetSide} records being held: both counts must agree. */
    private static void compare(String holderSide, List<Reference> held, String targetSide, List<Reference> recorded,
                                List<String> findings) {
        Map<Reference, Integer> a = counts(held);
        Map<Reference, Integer> b = counts(recorded);
        Set<Reference> all = new HashSet<>(a.keySet());
        all.addAll(b.keySet());
        for (Reference r : all) {
            int mine = a.getOrDefault(r, 0);
            int theirs = b.getOrDefault(r, 0);
            if (mine != theirs) {
                findings.add(r.kind() + " " + r.holder() + " -> " + r.target() + ": " + holderSide + " records " + mine
                        + ", " + targetSide + " records " + theirs);
            }
        }
    }

    private static void live(List<Reference> references, java.util.function.Function<Reference, String> end,
                             AuditLedger owner, String what, List<String> findings) {
        Set<String> objects = new HashSet<>(owner.objects());
        for (Reference r : references) {
            if (!objects.contains(end.apply(r))) {
                findings.add(r.kind() + " " + r.holder() + " -> " + r.target() + ": the " + what + " "
                        + end.apply(r) + " does not exist in " + owner.service());
            }
        }
    }

    private static Map<Reference, Integer> counts(List<Reference> references) {
        Map<Reference, Integer> counts = new HashMap<>();
        references.forEach(r -> counts.merge(r, 1, Integer::sum));
        return counts;
    }

    private static List<Reference> concat(List<Reference> a, List<Reference> b) {
        List<Reference> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

package dev.jailnet.events.audit;

import java.util.List;

/**
 * A service's reference ledger ({@code GET /api/audit}): the objects it owns, the references it holds on
 * objects of other services, the references others hold on its objects (as it recorded them), and the
 * violations it can see by itself, and the reference faults it recorded (references met after what they
 * referred to was destroyed). Objects are named {@code kind:vnet/id}, e.g. {@code nhop:vnet3/17},
 * {@code ifnet:5}, {@code rib:vnet3/0/INET}, {@code tunnel:vnet3/7}.
 */
public record AuditLedger(String service, List<String> objects, List<Reference> holds, List<Reference> heldBy,
                          List<String> violations, List<String> faults) {

    public AuditLedger {
        objects = List.copyOf(objects);
        holds = List.copyOf(holds);
        heldBy = List.copyOf(heldBy);
        violations = List.copyOf(violations);
        faults = faults == null ? List.of() : List.copyOf(faults);
    }

    public AuditLedger(String service, List<String> objects, List<Reference> holds, List<Reference> heldBy,
                       List<String> violations) {
        this(service, objects, holds, heldBy, violations, List.of());
    }

    /** One reference: {@code holder} holds {@code target}; {@code kind} names the pair (e.g. nhop-ifnet). */
    public record Reference(String holder, String target, String kind) {
    }

    /** Interfaces are named by their global index alone: it survives moves between VNETs. */
    public static String ifnet(int index) {
        return "ifnet:" + index;
    }

    public static String nhop(String vnetId, long id) {
        return "nhop:" + vnetId + "/" + id;
    }

    public static String rib(String vnetId, int fib, String family) {
        return "rib:" + vnetId + "/" + fib + "/" + family;
    }

    public static String tunnel(String vnetId, int index) {
        return "tunnel:" + vnetId + "/" + index;
    }
}

package dev.jailnet.events.audit;

import dev.jailnet.events.saga.ReferenceKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A service's audit ledger ({@code GET /api/audit}): the objects it owns, the references it holds on
 * objects of other services, the references others hold on its objects (as it recorded them), the
 * violations it can see by itself, the reference faults it recorded (references met after what they
 * referred to was destroyed), and the changes operators made through its API, with who made them. Objects
 * are named {@code kind:vnet/id}, e.g. {@code nhop:vnet3/17}, {@code ifnet:5}, {@code rib:vnet3/0/INET},
 * {@code tunnel:vnet3/7}.
 */
@Schema(description = "A service's audit ledger, for the VNETs of one page.")
public record AuditLedger(
        @Schema(description = "The service that answered.")
        String service,
        @Schema(description = "The objects it owns, named `kind:vnet/id` (`nhop:vnet3/17`, `rib:vnet3/0/INET`,"
                + " `tunnel:vnet3/7`; an interface by its global index alone, `ifnet:5`).")
        List<String> objects,
        @Schema(description = "The references it holds on other services' objects.")
        List<Reference> holds,
        @Schema(description = "The references other services hold on its objects, as it recorded them.")
        List<Reference> heldBy,
        @Schema(description = "The broken rules it can see by itself, in words.")
        List<String> violations,
        @Schema(description = "The reference faults it recorded: references met after what they referred to was"
                + " destroyed.")
        List<String> faults,
        @Schema(description = "The latest changes operators made through its API, oldest first; on the first page"
                + " only.")
        List<Action> actions) {

    public AuditLedger {
        objects = List.copyOf(objects);
        holds = List.copyOf(holds);
        heldBy = List.copyOf(heldBy);
        violations = List.copyOf(violations);
        faults = faults == null ? List.of() : List.copyOf(faults);
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    public AuditLedger(String service, List<String> objects, List<Reference> holds, List<Reference> heldBy,
                       List<String> violations) {
        this(service, objects, holds, heldBy, violations, List.of(), List.of());
    }

    /** The same ledger with the operators' changes the service recorded. */
    public AuditLedger withActions(List<Action> recorded) {
        return new AuditLedger(service, objects, holds, heldBy, violations, faults, recorded);
    }

    /**
     * A service's whole ledger from the pages it answered ({@code GET /api/audit} gives whole VNETs a page at a
     * time, the operators' changes on the first).
     */
    public static AuditLedger merge(List<AuditLedger> pages) {
        if (pages.isEmpty()) {
            throw new IllegalArgumentException("no page to merge");
        }
        List<String> objects = new ArrayList<>();
        List<Reference> holds = new ArrayList<>();
        List<Reference> heldBy = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        List<Action> actions = new ArrayList<>();
        for (AuditLedger page : pages) {
            objects.addAll(page.objects);
            holds.addAll(page.holds);
            heldBy.addAll(page.heldBy);
            violations.addAll(page.violations);
            faults.addAll(page.faults);
            actions.addAll(page.actions);
        }
        return new AuditLedger(pages.get(0).service, objects, holds, heldBy, violations, faults, actions);
    }

    /** A ledger collected as a service walks its rows. */
    public static Builder of(String service) {
        return new Builder(service);
    }

    /** Collects the parts of a ledger; {@link #build} adds the faults recorded apart. */
    public static final class Builder {

        private final String service;
        private final List<String> objects = new ArrayList<>();
        private final List<Reference> holds = new ArrayList<>();
        private final List<Reference> heldBy = new ArrayList<>();
        private final List<String> violations = new ArrayList<>();

        private Builder(String service) {
            this.service = service;
        }

        public void object(String id) {
            objects.add(id);
        }

        /** A reference this service holds on another's object. */
        public void holds(String holder, String target, ReferenceKind kind) {
            holds.add(new Reference(holder, target, kind));
        }

        /** A reference another service holds on one of this service's objects, as this one recorded it. */
        public void heldBy(String holder, String target, ReferenceKind kind) {
            heldBy.add(new Reference(holder, target, kind));
        }

        public void violation(String what) {
            violations.add(what);
        }

        public AuditLedger build(List<String> faults) {
            return new AuditLedger(service, objects, holds, heldBy, violations, faults, List.of());
        }
    }

    /**
     * A change an operator made through the API: {@code action} as the kernel or the command names it
     * ({@code jail_remove}, {@code vnet_shutdown}, {@code saga_retry}, ...), on {@code object}, by {@code actor}
     * (the token's subject), at {@code at}.
     */
    public record Action(
            Instant at,
            @Schema(nullable = true, description = "The subject of the caller's token; null when none was known.")
            String actor,
            @Schema(description = "As the kernel or the command names it: `jail_remove`, `vnet_shutdown`,"
                    + " `saga_retry`, `outbox_requeue`, ...")
            String action,
            @Schema(description = "What it was done to, e.g. `jail 3 (web)`.")
            String object) {
    }

    /** One reference: {@code holder} holds {@code target}; {@code kind} names the pair (e.g. NHOP_IFNET). */
    public record Reference(
            @Schema(description = "The holding object, named as in `objects`.")
            String holder,
            @Schema(description = "The object held, named as in `objects`.")
            String target,
            ReferenceKind kind) {
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

package dev.jailnet.messaging;

import dev.jailnet.events.audit.AuditLedger;
import java.util.Collection;
import java.util.List;

/**
 * A service that holds references across services keeps a ledger of them, served at {@code GET /api/audit}
 * a few VNETs at a time: a VNET's ledger is never split between pages.
 */
public interface ReferenceLedger {

    /**
     * The VNETs of which this service keeps anything, in id order ({@code COLLATE "C"}) after {@code after}
     * (null: from the first), at most {@code limit}.
     */
    List<String> vnets(String after, int limit);

    /** What this service keeps of {@code vnets}: its objects, the references, the violations it sees itself. */
    AuditLedger.Builder ledger(Collection<String> vnets);
}

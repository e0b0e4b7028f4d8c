package dev.jailnet.messaging;

import dev.jailnet.events.audit.AuditLedger;

/** A service that holds references across services keeps a ledger of them, served at {@code GET /api/audit}. */
public interface ReferenceLedger {

    AuditLedger ledger();
}

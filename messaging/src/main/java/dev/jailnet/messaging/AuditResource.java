package dev.jailnet.messaging;

import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.problem.Rejected;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The service's reference ledger, which the system audit cross-checks; 404 for a service that keeps none. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final Instance<ReferenceLedger> ledger;
    private final MessagingConfig config;

    public AuditResource(Instance<ReferenceLedger> ledger, MessagingConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    @GET
    public AuditLedger ledger() {
        if (!ledger.isResolvable()) {
            throw Rejected.notFound("audit", config.service() + " holds no references across services: no ledger");
        }
        return ledger.get().ledger();
    }
}

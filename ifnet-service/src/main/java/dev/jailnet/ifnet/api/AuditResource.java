package dev.jailnet.ifnet.api;

import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.ifnet.domain.AuditService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditService audit;

    public AuditResource(AuditService audit) {
        this.audit = audit;
    }

    @GET
    public AuditLedger ledger() {
        return audit.ledger();
    }
}

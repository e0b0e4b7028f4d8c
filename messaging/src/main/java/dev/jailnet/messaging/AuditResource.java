package dev.jailnet.messaging;

import dev.jailnet.events.Roles;
import dev.jailnet.events.audit.AuditLedger;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The service's audit ledger: the references it holds across services (which the system audit cross-checks;
 * none for a service that keeps no such ledger) and the changes operators made through its API.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class AuditResource {

    private final Instance<ReferenceLedger> ledger;
    private final OperatorActions actions;
    private final MessagingConfig config;

    public AuditResource(Instance<ReferenceLedger> ledger, OperatorActions actions, MessagingConfig config) {
        this.ledger = ledger;
        this.actions = actions;
        this.config = config;
    }

    @GET
    public AuditLedger ledger() {
        AuditLedger references = ledger.isResolvable() ? ledger.get().ledger()
                : AuditLedger.of(config.service()).build(List.of());
        return references.withActions(actions.latest());
    }
}

package dev.jailnet.messaging;

import dev.jailnet.events.Roles;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.problem.Pages;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The service's audit ledger: the references it holds across services (which the system audit cross-checks;
 * none for a service that keeps no such ledger) and the changes operators made through its API. It is
 * answered {@code ?limit=N} VNETs at a time (whole VNETs: a VNET's objects and references are never split),
 * with a {@code Link: rel="next"} to the following page as every list has; the operators' changes come on the
 * first page.
 */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class AuditResource {

    static final String DEFAULT_VNETS = "100";
    static final int MAX_VNETS = 1_000;
    private static final String LIMIT_MESSAGE = "must be between 1 and " + MAX_VNETS + " (VNETs per page)";

    private final Instance<ReferenceLedger> ledger;
    private final ReferenceFaults faults;
    private final OperatorActions actions;
    private final MessagingConfig config;

    public AuditResource(Instance<ReferenceLedger> ledger, ReferenceFaults faults, OperatorActions actions,
                         MessagingConfig config) {
        this.ledger = ledger;
        this.faults = faults;
        this.actions = actions;
        this.config = config;
    }

    // limit is described here: it counts VNETs, with bounds of its own, not the standard list's items
    @GET
    @Operation(operationId = "listLedger", summary = "The audit ledger: references held across services",
            description = "The objects this service owns, the references it holds on other services' objects and"
                    + " they on its, the violations and reference faults it sees, and (on the first page) the"
                    + " operators' changes; whole VNETs a page at a time.")
    @APIResponse(responseCode = "200", description = "A page of the ledger: whole VNETs, in id order.",
            content = @Content(schema = @Schema(implementation = AuditLedger.class)))
    public Response ledger(@RestQuery @Size(max = 200, message = "must be at most 200 characters long") String cursor,
                           @Parameter(description = "The most VNETs this page holds, each whole with its objects and"
                                   + " references (1 to " + MAX_VNETS + ", " + DEFAULT_VNETS + " when absent).")
                           @RestQuery @DefaultValue(DEFAULT_VNETS) @Min(value = 1, message = LIMIT_MESSAGE)
                           @Max(value = MAX_VNETS, message = LIMIT_MESSAGE) int limit,
                           UriInfo uri) {
        boolean first = cursor == null || cursor.isEmpty();
        String after = first ? null : cursor;
        TreeSet<String> vnets = new TreeSet<>(faults.vnets(after, limit + 1));
        if (ledger.isResolvable()) {
            vnets.addAll(ledger.get().vnets(after, limit + 1));
        }
        List<String> page = vnets.stream().limit(limit).toList();
        AuditLedger.Builder references = ledger.isResolvable() ? ledger.get().ledger(page)
                : AuditLedger.of(config.service());
        AuditLedger answer = references.build(faults.in(page)).withActions(first ? actions.latest() : List.of());
        Response.ResponseBuilder response = Response.ok(answer);
        if (vnets.size() > limit) {
            Pages.next(response, uri, page.get(limit - 1), limit);
        }
        return response.build();
    }
}

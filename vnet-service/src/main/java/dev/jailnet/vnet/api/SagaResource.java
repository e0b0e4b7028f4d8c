package dev.jailnet.vnet.api;

import dev.jailnet.events.Roles;
import dev.jailnet.messaging.ConflictingTransactions;
import dev.jailnet.problem.Pages;
import dev.jailnet.problem.Rejected;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import dev.jailnet.vnet.domain.SagaStatus;
import dev.jailnet.vnet.domain.VnetService;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/sagas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class SagaResource {

    private static final String SAGA = "The saga's id.";

    private final VnetService vnets;
    private final SagaOrchestrator orchestrator;

    public SagaResource(VnetService vnets, SagaOrchestrator orchestrator) {
        this.vnets = vnets;
        this.orchestrator = orchestrator;
    }

    /** Stalest first, a page at a time (see {@link Pages}). */
    @GET
    @Operation(operationId = "listSagas", summary = "The sagas (vnet_alloc, vnet_shutdown), stalest first",
            description = "Every saga's timeline, the longest running (or longest ago ended) first, optionally only"
                    + " those in one status (STUCK: out of attempts, still retrying); a page at a time.")
    @APIResponse(responseCode = "200", description = "A page of saga timelines.",
            content = @Content(schema = @Schema(implementation = SagaView.class, type = SchemaType.ARRAY)))
    public Response list(@Parameter(description = "Only the sagas in this status; all when absent.")
                         @RestQuery SagaStatus status,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery @Size(max = 200, message = "must be at most 200 characters long") String cursor,
                         UriInfo uri) {
        return Pages.of(vnets.sagas(status, sagaCursor(cursor), limit + 1), limit,
                saga -> new Pages.After(saga.startedAt(), saga.id().toString()).toString(), SagaView::of, uri);
    }

    /** {@code TIME/SAGA-ID}: a saga id is a UUID. */
    private static Pages.After sagaCursor(String cursor) {
        Pages.After after = Pages.After.parse(cursor);
        if (after != null && !after.id().matches("\\p{XDigit}{8}(-\\p{XDigit}{4}){3}-\\p{XDigit}{12}")) {
            throw Rejected.invalid("cursor", "'" + cursor + "' is not a cursor this list gave out");
        }
        return after;
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSaga", summary = "One saga's timeline",
            description = "Who caused the saga and who last retried it, then each step with its status, attempts,"
                    + " timing, what it released and its last error.")
    @APIResponse(responseCode = "200", description = "The saga's timeline.",
            content = @Content(schema = @Schema(implementation = SagaView.class)))
    public SagaView get(@Parameter(description = SAGA) @RestPath UUID id) {
        return SagaView.of(vnets.saga(id));
    }

    /** Sends the running step again now: for a STUCK saga whose cause an operator removed. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{id}/retry")
    @Operation(operationId = "retrySaga", summary = "The saga's running step, sent again now",
            description = "Makes the running step due now rather than at its deadline, so that the saga timer sends"
                    + " its command again at its next tick: for a STUCK saga whose cause an operator removed (a"
                    + " refused vnet_shutdown step, say).")
    @APIResponse(responseCode = "202", description = "The saga's timeline, its running step due now; `retriedBy`"
            + " and `retriedAt` say who asked and when.",
            content = @Content(schema = @Schema(implementation = SagaView.class)))
    @APIResponse(responseCode = "409", description = "The saga has ended (COMPLETED or FAILED) or has no step"
            + " running: nothing to retry; or another change to it won at the same moment (nothing changed, try"
            + " again).")
    public Response retry(@Parameter(description = SAGA) @RestPath UUID id) {
        return Response.accepted(SagaView.of(orchestrator.retry(id))).build();
    }
}

package dev.jailnet.vnet.api;

import dev.jailnet.events.Roles;
import dev.jailnet.messaging.ConflictingTransactions;
import dev.jailnet.problem.Pages;
import dev.jailnet.vnet.domain.SagaOrchestrator;
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
import java.util.List;
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
@Path("/api/vnets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class VnetResource {

    private static final String VNET = "The VNET's id (`vnet0` is the host's; a jail's is `vnetN`).";
    private static final String NAME_BOUND = "must be at most 64 characters long";
    private static final String CURSOR_BOUND = "must be at most 200 characters long";

    private final VnetService vnets;
    private final SagaOrchestrator orchestrator;

    public VnetResource(VnetService vnets, SagaOrchestrator orchestrator) {
        this.vnets = vnets;
        this.orchestrator = orchestrator;
    }

    /** Every VNET, in creation order, a page at a time (see {@link Pages}). */
    @GET
    @Operation(operationId = "listVnets", summary = "The VNETs (struct vnet), in creation order",
            description = "Every VNET with its state, vnet0 and the destroyed and failed ones included, without"
                    + " its sagas; a page at a time.")
    @APIResponse(responseCode = "200", description = "A page of VNETs.",
            content = @Content(schema = @Schema(implementation = VnetView.class, type = SchemaType.ARRAY)))
    public Response list(@RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery @Size(max = 200, message = CURSOR_BOUND) String cursor, UriInfo uri) {
        return Pages.of(vnets.list(Pages.After.parse(cursor), limit + 1), limit,
                v -> new Pages.After(v.createdAt(), v.vnetId()).toString(), v -> VnetView.of(v, List.of()), uri);
    }

    @GET
    @Path("{vnetId}")
    @Operation(operationId = "getVnet", summary = "One VNET, with its sagas",
            description = "The VNET's state and timestamps, with the vnet_alloc and vnet_shutdown sagas run for it,"
                    + " oldest first.")
    @APIResponse(responseCode = "200", description = "The VNET.",
            content = @Content(schema = @Schema(implementation = VnetView.class)))
    public VnetView get(@Parameter(description = VNET) @RestPath @Size(max = 64, message = NAME_BOUND) String vnetId) {
        return VnetView.of(vnets.find(vnetId), vnets.sagasOf(vnetId));
    }

    /** {@code vnet_shutdown} for an operator: 202 with the saga's timeline (409 for vnet0 or a VNET not ALIVE). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{vnetId}/shutdown")
    @Operation(operationId = "shutdownVnet", summary = "vnet_shutdown: an operator shuts the VNET down",
            description = "Starts the forward-only vnet_shutdown saga (freeze, tunnel caches released, RIBs flushed,"
                    + " interfaces detached, RIBs destroyed); a jail still ALIVE on the VNET dies, as jail_remove"
                    + " would make it, and vnet_destroy follows once the jail holds nothing.")
    @APIResponse(responseCode = "202", description = "The shutdown saga's timeline, just started; the VNET is"
            + " SHUTTING_DOWN.", content = @Content(schema = @Schema(implementation = SagaView.class)))
    @APIResponse(responseCode = "409", description = "The VNET is vnet0, the host's, which is never shut down, or"
            + " it is not ALIVE (still CREATING, already shutting down or shut down, destroyed or failed); or another"
            + " change to it won at the same moment (nothing changed, try again).")
    public Response shutdown(@Parameter(description = VNET) @RestPath @Size(max = 64, message = NAME_BOUND)
                             String vnetId) {
        return Response.accepted(SagaView.of(orchestrator.shutdown(vnetId))).build();
    }

    /** The shutdown saga's timeline. */
    @GET
    @Path("{vnetId}/shutdown")
    @Operation(operationId = "getVnetShutdown", summary = "The vnet_shutdown saga's timeline",
            description = "The VNET's latest vnet_shutdown saga, step by step: attempts, timing, what each step"
                    + " released and its last error.")
    @APIResponse(responseCode = "200", description = "The shutdown saga's timeline.",
            content = @Content(schema = @Schema(implementation = SagaView.class)))
    @APIResponse(responseCode = "404", description = "No VNET by that id, or the VNET has not been shut down"
            + " (it has no vnet_shutdown saga; a legacy teardown has none).")
    public SagaView shutdownTimeline(@Parameter(description = VNET) @RestPath
                                     @Size(max = 64, message = NAME_BOUND) String vnetId) {
        return SagaView.of(vnets.shutdownOf(vnetId));
    }
}

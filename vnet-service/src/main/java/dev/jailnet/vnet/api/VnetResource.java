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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/vnets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class VnetResource {

    private final VnetService vnets;
    private final SagaOrchestrator orchestrator;

    public VnetResource(VnetService vnets, SagaOrchestrator orchestrator) {
        this.vnets = vnets;
        this.orchestrator = orchestrator;
    }

    /** Every VNET, in creation order, a page at a time (see {@link Pages}). */
    @GET
    public Response list(@RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery String cursor, UriInfo uri) {
        return Pages.of(vnets.list(Pages.After.parse(cursor), limit + 1), limit,
                v -> new Pages.After(v.createdAt(), v.vnetId()).toString(), v -> VnetView.of(v, List.of()), uri);
    }

    @GET
    @Path("{vnetId}")
    public VnetView get(@RestPath String vnetId) {
        return VnetView.of(vnets.find(vnetId), vnets.sagasOf(vnetId));
    }

    /** {@code vnet_shutdown} for an operator: 202 with the saga's timeline (409 for vnet0 or a VNET not ALIVE). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{vnetId}/shutdown")
    public Response shutdown(@RestPath String vnetId) {
        return Response.accepted(SagaView.of(orchestrator.shutdown(vnetId))).build();
    }

    /** The shutdown saga's timeline. */
    @GET
    @Path("{vnetId}/shutdown")
    public SagaView shutdownTimeline(@RestPath String vnetId) {
        return SagaView.of(vnets.shutdownOf(vnetId));
    }
}

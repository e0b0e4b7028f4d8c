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
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/sagas")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class SagaResource {

    private final VnetService vnets;
    private final SagaOrchestrator orchestrator;

    public SagaResource(VnetService vnets, SagaOrchestrator orchestrator) {
        this.vnets = vnets;
        this.orchestrator = orchestrator;
    }

    /** Stalest first, a page at a time (see {@link Pages}). */
    @GET
    public Response list(@RestQuery SagaStatus status,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery String cursor, UriInfo uri) {
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
    public SagaView get(@RestPath UUID id) {
        return SagaView.of(vnets.saga(id));
    }

    /** Sends the running step again now: for a STUCK saga whose cause an operator removed. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{id}/retry")
    public Response retry(@RestPath UUID id) {
        return Response.accepted(SagaView.of(orchestrator.retry(id))).build();
    }
}

package dev.jailnet.vnet.api;

import dev.jailnet.messaging.ConflictingTransactions;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import dev.jailnet.vnet.domain.SagaStatus;
import dev.jailnet.vnet.domain.VnetService;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/sagas")
@Produces(MediaType.APPLICATION_JSON)
public class SagaResource {

    private final VnetService vnets;
    private final SagaOrchestrator orchestrator;

    public SagaResource(VnetService vnets, SagaOrchestrator orchestrator) {
        this.vnets = vnets;
        this.orchestrator = orchestrator;
    }

    /** Stalest first. */
    @GET
    public List<SagaView> list(@RestQuery SagaStatus status,
                               @RestQuery @DefaultValue("100") @Min(value = 1, message = "must be at least 1")
                               @Max(value = 1000, message = "must be at most 1000") int limit) {
        return vnets.sagas(status, limit).stream().map(SagaView::of).toList();
    }

    @GET
    @Path("{id}")
    public SagaView get(@RestPath UUID id) {
        return SagaView.of(vnets.saga(id));
    }

    /** Sends the running step again now: for a STUCK saga whose cause an operator removed. */
    @POST
    @Path("{id}/retry")
    public Response retry(@RestPath UUID id) {
        return Response.accepted(SagaView.of(orchestrator.retry(id))).build();
    }
}

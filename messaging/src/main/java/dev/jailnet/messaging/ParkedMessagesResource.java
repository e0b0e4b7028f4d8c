package dev.jailnet.messaging;

import dev.jailnet.events.Roles;
import dev.jailnet.problem.Rejected;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** The outbox messages this service could not publish, and sending one again. */
@Path("/api/outbox/parked")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class ParkedMessagesResource {

    private final ParkedMessages parked;
    private final OutboxRelay relay;

    public ParkedMessagesResource(ParkedMessages parked, OutboxRelay relay) {
        this.parked = parked;
        this.relay = relay;
    }

    @GET
    public List<ParkedMessages.Parked> list(@QueryParam("cursor") @DefaultValue("0") @Min(0) long cursor,
                                            @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(1000) int limit) {
        return parked.list(cursor, limit);
    }

    /** Back into the outbox, at its end (for a message an operator made deliverable, e.g. by raising a limit). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/requeue")
    public Map<String, Long> requeue(@PathParam("id") long id) {
        long outboxId = parked.requeue(id).orElseThrow(() -> Rejected.notFound("id", "no parked message " + id));
        relay.wake();
        return Map.of("outboxId", outboxId);
    }
}

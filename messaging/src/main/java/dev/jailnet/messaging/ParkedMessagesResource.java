package dev.jailnet.messaging;

import dev.jailnet.events.Roles;
import dev.jailnet.problem.Pages;
import dev.jailnet.problem.Rejected;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestQuery;

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

    /** What a requeue answers: where the message now waits in the outbox. */
    public record Requeued(@Schema(description = "The message's new id in the outbox, at its end.") long outboxId) {
    }

    /** A page at a time, as every list (see {@link Pages}). */
    @GET
    @Operation(operationId = "listParkedMessages", summary = "The outbox messages Kafka refused for good",
            description = "The messages this service's outbox relay parked (too large, an unknown topic, no"
                    + " permission), without their bodies, in id order.")
    @APIResponse(responseCode = "200", description = "A page of parked messages, in id order.",
            content = @Content(schema = @Schema(implementation = ParkedMessages.Parked.class, type = SchemaType.ARRAY)))
    public Response list(@RestQuery @Size(max = 20, message = "must be at most 20 characters long") String cursor,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit, UriInfo uri) {
        return Pages.of(parked.list(Pages.numberCursor(cursor), limit + 1), limit,
                message -> Long.toString(message.id()), message -> message, uri);
    }

    /** Back into the outbox, at its end (for a message an operator made deliverable, e.g. by raising a limit). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("/{id}/requeue")
    @Operation(operationId = "requeueParkedMessage", summary = "A parked message, sent again",
            description = "Moves the parked message back to the end of the outbox, for one an operator made"
                    + " deliverable (by raising the broker's size limit, say); the relay is woken to publish it.")
    @APIResponse(responseCode = "200", description = "The message is back in the outbox.",
            content = @Content(schema = @Schema(implementation = Requeued.class)))
    @APIResponse(responseCode = "404", description = "No parked message has that id (it was never parked, or was"
            + " requeued already).")
    public Requeued requeue(@Parameter(description = "The parked message's id, as the list gives it.")
                            @PathParam("id") long id) {
        long outboxId = parked.requeue(id).orElseThrow(() -> Rejected.notFound("id", "no parked message " + id));
        relay.wake();
        return new Requeued(outboxId);
    }
}

package dev.jailnet.jail.api;

import dev.jailnet.events.Roles;
import dev.jailnet.jail.domain.JailService;
import dev.jailnet.jail.domain.Prison;
import dev.jailnet.messaging.ConflictingTransactions;
import dev.jailnet.messaging.PreferWait;
import dev.jailnet.problem.Pages;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Jails, addressed by jid or by name. */
@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/jails")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class JailResource {

    private static final String JAIL = "The jail's jid, or its name.";
    private static final String NAME_BOUND = "must be at most 64 characters long";

    private final JailService jails;

    public JailResource(JailService jails) {
        this.jails = jails;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createJail", summary = "jail -c: create a jail",
            description = "Creates the jail; with `vnet`, its VNET is made by the creation saga across vnet-, ifnet-"
                    + " and routing-service, and the jail is INVALID until it is, then ALIVE.")
    @APIResponse(responseCode = "201", description = "The jail, INVALID while its VNET is being made (ALIVE or"
            + " DYING with `Prefer: wait`).", headers = @Header(name = "Location", description = "The jail's URL.",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = JailView.class)))
    @APIResponse(responseCode = "202", description = "With `Prefer: wait`: the wait ended before the VNET was made;"
            + " the jail, INVALID.", headers = @Header(name = "Location", description = "The jail's URL.",
            schema = @Schema(type = SchemaType.STRING)), content = @Content(schema = @Schema(implementation = JailView.class)))
    @APIResponse(responseCode = "409", description = "A live jail has that name, every jid is in use, or (with"
            + " `Prefer: wait`) the"
            + " jail's VNET could not be made: `field` is `vnet` and `detail` gives the saga's reason.")
    public Response create(@RequestBody(description = "The jail's parameters, as jail(8) takes them.", content =
            @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                    @ExampleObject(name = "vnet", summary = "jail -c name=web vnet persist vnet.interface=epair0b",
                            value = "{\"name\":\"web\",\"vnet\":true,\"persist\":true,\"interfaces\":[\"epair0b\"]}"),
                    @ExampleObject(name = "legacy", summary = "a jail whose VNET goes by the old one-pass teardown",
                            value = "{\"name\":\"old\",\"vnet\":true,\"shutdown\":\"legacy\"}")}))
                           @Valid @NotNull(message = "a JSON body is required") CreateJailRequest body,
                           @RestHeader(PreferWait.PREFER) List<String> prefer, UriInfo uri) {
        Optional<PreferWait> wait = PreferWait.of(prefer);
        Prison created = jails.create(body.parameters());
        URI location = uri.getAbsolutePathBuilder().path(Integer.toString(created.jid())).build();
        if (wait.isEmpty()) {
            return Response.created(location).entity(JailView.of(created)).build();
        }
        return jails.awaitCreated(created, wait.get().duration())
                .map(settled -> Response.created(location).entity(JailView.of(settled)))
                .orElseGet(() -> Response.accepted(JailView.of(created)).location(location))
                .header(PreferWait.APPLIED, wait.get().applied()).build();
    }

    /** {@code jls}; with {@code dying=true}, {@code jls -d}. A page at a time (see {@link Pages}). */
    @GET
    @Operation(operationId = "listJails", summary = "jls: the jails, by jid",
            description = "The live jails (ALIVE, or INVALID while their VNET is made); with `dying=true` the dying"
                    + " ones too, as `jls -d`. A page at a time.")
    @APIResponse(responseCode = "200", description = "A page of jails.",
            content = @Content(schema = @Schema(implementation = JailView.class, type = SchemaType.ARRAY)))
    public Response list(@Parameter(description = "Include dying jails (`jls -d`).") @RestQuery boolean dying,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery @Size(max = 20, message = "must be at most 20 characters long") String cursor,
                         UriInfo uri) {
        return Pages.of(jails.list(dying, Pages.numberCursor(cursor), limit + 1), limit,
                prison -> Integer.toString(prison.jid()), JailView::of, uri);
    }

    @GET
    @Path("{jail}")
    @Operation(operationId = "getJail", summary = "jls -j: one jail",
            description = "The jail with its reference counts, processes and holds.")
    @APIResponse(responseCode = "200", description = "The jail.",
            content = @Content(schema = @Schema(implementation = JailView.class)))
    public JailView get(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND) String jail,
                        @Parameter(description = "Find it among the dying jails too. A dying jail's name may be"
                                + " taken again by a live one: by name, the live jail, else the dying one of that"
                                + " name with the highest jid; by jid, that jail.") @RestQuery boolean dying) {
        return JailView.of(jails.find(jail, dying));
    }

    /**
     * {@code jail_remove}: 202 with the jail, now DYING. It is freed once nothing holds it and its VNET
     * is shut down and destroyed; removing a dying jail changes nothing. With {@code Prefer: wait}, 204 once
     * the jail is freed; 202 with the jail when the wait ends first, or at once when a hold keeps it.
     */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{jail}")
    @Operation(operationId = "removeJail", summary = "jail -r: jail_remove",
            description = "Kills the jail's processes and clears `persist`: the jail is DYING, and freed once nothing"
                    + " holds it and its VNET has gone through vnet_shutdown and vnet_destroy.")
    @APIResponse(responseCode = "202", description = "The jail, DYING; with `Prefer: wait`, when the wait ended first"
            + " or a hold keeps it.", headers = @Header(name = "Location", description = "With `Prefer: wait`: the"
            + " dying jail's URL.", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = JailView.class)))
    @APIResponse(responseCode = "204", description = "With `Prefer: wait`: the jail is freed.")
    public Response remove(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND) String jail,
                           @RestHeader(PreferWait.PREFER) List<String> prefer,
                           UriInfo uri) {
        Optional<PreferWait> wait = PreferWait.of(prefer);
        Prison removed = jails.remove(jail);
        if (wait.isEmpty()) {
            return Response.accepted(JailView.of(removed)).build();
        }
        return jails.awaitFreed(removed, wait.get().duration())
                .map(left -> Response.accepted(JailView.of(left)).location(uri.getBaseUriBuilder()
                        .path("/api/jails/{jid}").queryParam("dying", true).build(left.jid())))
                .orElseGet(Response::noContent)
                .header(PreferWait.APPLIED, wait.get().applied()).build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("{jail}/persist")
    @Operation(operationId = "setPersist", summary = "jail -m persist: the jail is kept without processes",
            description = "Sets `persist`, a user reference (`pr_uref`) and a reference (`pr_ref`) on the jail; set"
                    + " already, nothing changes.")
    @APIResponse(responseCode = "200", description = "The jail.",
            content = @Content(schema = @Schema(implementation = JailView.class)))
    @APIResponse(responseCode = "409", description = "The jail is not ALIVE (INVALID or DYING): it is not changed.")
    public JailView setPersist(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND)
                               String jail) {
        return JailView.of(jails.persist(jail, true));
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{jail}/persist")
    @Operation(operationId = "clearPersist", summary = "jail -m nopersist: the jail dies with its last process",
            description = "Clears `persist` and the references it held. A jail that nothing else keeps (no process,"
                    + " no live child) dies at once, as when its last process leaves; cleared already, nothing"
                    + " changes.")
    @APIResponse(responseCode = "200", description = "The jail: ALIVE, or DYING when nothing else kept it.",
            content = @Content(schema = @Schema(implementation = JailView.class)))
    @APIResponse(responseCode = "409", description = "The jail is not ALIVE (INVALID or DYING): it is not changed.")
    public JailView clearPersist(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND)
                                 String jail) {
        return JailView.of(jails.persist(jail, false));
    }

    /** A process enters the jail ({@code jail_attach}). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{jail}/processes")
    @Operation(operationId = "attachProcess", summary = "jexec: a process enters the jail (jail_attach)",
            description = "The process takes a user reference (`pr_uref`) and a reference (`pr_ref`) on the jail.")
    @APIResponse(responseCode = "201", description = "The process.",
            content = @Content(schema = @Schema(implementation = JailView.ProcessView.class)))
    @APIResponse(responseCode = "409", description = "The jail is not ALIVE (INVALID or DYING): no process enters it.")
    public Response attach(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND) String jail) {
        return Response.status(Response.Status.CREATED).entity(JailView.ProcessView.of(jails.attach(jail))).build();
    }

    /** The process exits. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{jail}/processes/{pid}")
    @Operation(operationId = "exitProcess", summary = "The process exits",
            description = "Its references go; the last user reference of a jail that is not persistent kills it, as"
                    + " the last process leaving a jail does.")
    @APIResponse(responseCode = "204", description = "The process has exited.")
    public Response exit(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND) String jail,
                         @Parameter(description = "The process's pid.") @RestPath int pid) {
        jails.exit(jail, pid);
        return Response.noContent().build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{jail}/holds")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "holdJail", summary = "prison_hold: a reference that is not a process",
            description = "Takes a reference (`pr_ref`, no `pr_uref`) on the jail, as a socket in TIME_WAIT does: a"
                    + " removed jail stays dying until the hold is released.")
    @APIResponse(responseCode = "409", description = "The jail is not ALIVE: only a live jail is held.")
    @APIResponse(responseCode = "201", description = "The hold.",
            content = @Content(schema = @Schema(implementation = JailView.HoldView.class)))
    public Response hold(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND) String jail,
                         @RequestBody(description = "What holds the jail.", content = @Content(
                                 mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "socket",
                                 value = "{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}")))
                         @Valid @NotNull(message = "a JSON body is required") HoldRequest body) {
        String description = body.description() == null ? "hold" : body.description();
        return Response.status(Response.Status.CREATED).entity(JailView.HoldView.of(jails.hold(jail, description)))
                .build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{jail}/holds/{holdId}")
    @Operation(operationId = "releaseHold", summary = "prison_free: the hold is released",
            description = "Its reference goes; the last reference of a dying jail whose VNET is destroyed frees it.")
    @APIResponse(responseCode = "204", description = "The hold is released.")
    public Response release(@Parameter(description = JAIL) @RestPath @Size(max = 64, message = NAME_BOUND) String jail,
                            @Parameter(description = "The hold's id.") @RestPath long holdId) {
        jails.release(jail, holdId);
        return Response.noContent().build();
    }
}

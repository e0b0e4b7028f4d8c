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
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
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

    private final JailService jails;

    public JailResource(JailService jails) {
        this.jails = jails;
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@Valid @NotNull(message = "a JSON body is required") CreateJailRequest body,
                           @RestHeader(PreferWait.PREFER) List<String> prefer, UriInfo uri) {
        Optional<PreferWait> wait = PreferWait.of(prefer);
        Prison created = jails.create(body.name(), body.wantsVnet(), body.wantsPersist(), body.wantsAttach(),
                body.interfacesOrNone(), body.wantsLegacyTeardown());
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
    public Response list(@RestQuery boolean dying,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery String cursor, UriInfo uri) {
        return Pages.of(jails.list(dying, Pages.numberCursor(cursor), limit + 1), limit,
                prison -> Integer.toString(prison.jid()), JailView::of, uri);
    }

    @GET
    @Path("{jail}")
    public JailView get(@RestPath String jail, @RestQuery boolean dying) {
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
    public Response remove(@RestPath String jail, @RestHeader(PreferWait.PREFER) List<String> prefer,
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

    /** A process enters the jail ({@code jail_attach}). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{jail}/processes")
    public Response attach(@RestPath String jail) {
        return Response.status(Response.Status.CREATED).entity(JailView.ProcessView.of(jails.attach(jail))).build();
    }

    /** The process exits. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{jail}/processes/{pid}")
    public Response exit(@RestPath String jail, @RestPath int pid) {
        jails.exit(jail, pid);
        return Response.noContent().build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{jail}/holds")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response hold(@RestPath String jail, @Valid @NotNull(message = "a JSON body is required") HoldRequest body) {
        String description = body.description() == null ? "hold" : body.description();
        return Response.status(Response.Status.CREATED).entity(JailView.HoldView.of(jails.hold(jail, description)))
                .build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{jail}/holds/{holdId}")
    public Response release(@RestPath String jail, @RestPath long holdId) {
        jails.release(jail, holdId);
        return Response.noContent().build();
    }
}

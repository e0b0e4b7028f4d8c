package dev.jailnet.ifnet.api;

import dev.jailnet.events.Roles;
import dev.jailnet.ifnet.domain.Ifaddr;
import dev.jailnet.ifnet.domain.Ifnet;
import dev.jailnet.ifnet.domain.IfnetService;
import dev.jailnet.ifnet.domain.RoutingAnswers;
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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** Interfaces, addressed by name within a VNET. */
@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/vnets/{vnetId}/interfaces")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class InterfaceResource {

    private static final String BODY_REQUIRED = "a JSON body is required";

    private final IfnetService ifnet;
    private final RoutingAnswers routing;

    public InterfaceResource(IfnetService ifnet, RoutingAnswers routing) {
        this.ifnet = ifnet;
        this.routing = routing;
    }

    /**
     * {@code ifconfig -a}; with {@code tombstones=true}, destroyed interfaces still referenced too. A page at a
     * time (see {@link Pages}).
     */
    @GET
    public Response list(@RestPath String vnetId, @RestQuery boolean tombstones,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery String cursor, UriInfo uri) {
        return Pages.of(ifnet.list(vnetId, tombstones, Pages.numberCursor(cursor), limit + 1), limit,
                ifp -> Integer.toString(ifp.index()), InterfaceView::of, uri);
    }

    @GET
    @Path("{name}")
    public InterfaceView get(@RestPath String vnetId, @RestPath String name) {
        return InterfaceView.of(ifnet.get(vnetId, name));
    }

    /** {@code ifconfig CLONER create}: 201 with the interface (the "a" half of an epair, naming its peer). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(@RestPath String vnetId,
                           @Valid @NotNull(message = BODY_REQUIRED) CreateInterfaceRequest body) {
        var created = ifnet.create(vnetId, body.cloner(), body.name());
        return Response.status(Response.Status.CREATED).entity(InterfaceView.of(created.get(0))).build();
    }

    /** {@code ifconfig IF destroy}. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{name}")
    public Response destroy(@RestPath String vnetId, @RestPath String name) {
        ifnet.destroy(vnetId, name);
        return Response.noContent().build();
    }

    /** {@code ifconfig IF vnet TARGET}. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{name}/vnet")
    @Consumes(MediaType.APPLICATION_JSON)
    public InterfaceView moveOut(@RestPath String vnetId, @RestPath String name,
                                 @Valid @NotNull(message = BODY_REQUIRED) MoveRequest body) {
        return InterfaceView.of(ifnet.moveOut(vnetId, name, body.vnet()));
    }

    /** {@code ifconfig IF -vnet JAIL}, issued from the interface's home VNET. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{name}/reclaim")
    @Consumes(MediaType.APPLICATION_JSON)
    public InterfaceView reclaim(@RestPath String vnetId, @RestPath String name,
                                 @Valid @NotNull(message = BODY_REQUIRED) MoveRequest body) {
        return InterfaceView.of(ifnet.reclaim(vnetId, name, body.vnet()));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{name}/addresses")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addAddress(@RestPath String vnetId, @RestPath String name,
                               @Valid @NotNull(message = BODY_REQUIRED) AddressRequest body,
                               @RestHeader(PreferWait.PREFER) List<String> prefer, UriInfo uri) {
        Optional<PreferWait> wait = PreferWait.of(prefer);
        Ifaddr added = ifnet.addAddress(vnetId, name, body.address());
        if (wait.isEmpty()) {
            return Response.status(Response.Status.CREATED).entity(InterfaceView.of(added.ifnet())).build();
        }
        return answered(routing.awaitRouted(added, wait.get().duration()), Response.Status.CREATED, added.ifnet(),
                wait.get(), uri);
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{name}/addresses/{address}")
    public Response removeAddress(@RestPath String vnetId, @RestPath String name, @RestPath String address) {
        ifnet.removeAddress(vnetId, name, address);
        return Response.noContent().build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("{name}/tunnel")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response setTunnel(@RestPath String vnetId, @RestPath String name,
                              @Valid @NotNull(message = BODY_REQUIRED) TunnelRequest body,
                              @RestHeader(PreferWait.PREFER) List<String> prefer, UriInfo uri) {
        Optional<PreferWait> wait = PreferWait.of(prefer);
        Ifnet tunnel = ifnet.setTunnel(vnetId, name, body.source(), body.destination(),
                body.fib() == null ? 0 : body.fib());
        if (wait.isEmpty()) {
            return Response.ok(InterfaceView.of(tunnel)).build();
        }
        return answered(routing.awaitResolved(tunnel, wait.get().duration()), Response.Status.OK, tunnel, wait.get(),
                uri);
    }

    /**
     * A write's answer after a {@code Prefer: wait}: {@code status} with the interface once routing has answered,
     * else 202 with the interface as the write left it and where to look again.
     */
    private static Response answered(Optional<Ifnet> settled, Response.Status status, Ifnet written, PreferWait wait,
                                     UriInfo uri) {
        return settled.map(now -> Response.status(status).entity(InterfaceView.of(now)))
                .orElseGet(() -> Response.accepted(InterfaceView.of(written)).location(uri.getBaseUriBuilder()
                        .path("/api/vnets/{vnetId}/interfaces/{name}").build(written.vnet(), written.name())))
                .header(PreferWait.APPLIED, wait.applied()).build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{name}/tunnel")
    public Response deleteTunnel(@RestPath String vnetId, @RestPath String name) {
        ifnet.deleteTunnel(vnetId, name);
        return Response.noContent().build();
    }
}

package dev.jailnet.routing.api;

import dev.jailnet.events.Roles;
import dev.jailnet.events.net.IpFamily;
import dev.jailnet.messaging.ConflictingTransactions;
import dev.jailnet.problem.Pages;
import dev.jailnet.problem.Rejected;
import dev.jailnet.routing.domain.Route;
import dev.jailnet.routing.domain.RouteLoad;
import dev.jailnet.routing.domain.RouteService;
import dev.jailnet.routing.domain.SubscriptionService;
import dev.jailnet.routing.store.RouteRepository;
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
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A VNET's routes, nexthops, lookups and subscriptions. */
@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/vnets/{vnetId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class RouteResource {

    private final RouteService routes;
    private final RouteLoad load;
    private final SubscriptionService subscriptions;

    public RouteResource(RouteService routes, RouteLoad load, SubscriptionService subscriptions) {
        this.routes = routes;
        this.load = load;
        this.subscriptions = subscriptions;
    }

    /** {@code netstat -rn}, a page at a time (see {@link Pages}). */
    @GET
    @Path("routes")
    public Response list(@RestPath String vnetId, @RestQuery Integer fib, @RestQuery String family,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery String cursor, UriInfo uri) {
        return Pages.of(routes.list(vnetId, fib, family(family), RouteRepository.After.parse(cursor), limit + 1),
                limit, RouteRepository.After::of, this::view, uri);
    }

    /** {@code route add}. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("routes")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response add(@RestPath String vnetId, @Valid @NotNull(message = "a JSON body is required") RouteRequest body) {
        RouteService.Added added = routes.add(vnetId, body.spec());
        return Response.status(Response.Status.CREATED).entity(RouteView.of(added.route(), added.nexthop())).build();
    }

    /**
     * Many {@code route add}s in one request, applied in chunks of one transaction each (see {@link RouteLoad}):
     * 200 with the count added and every refused route with its position and why. Conflicts are retried per
     * chunk, never by running the whole load again.
     */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("routes/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Retry(maxRetries = 0)
    public RouteLoad.Loaded load(@RestPath String vnetId,
                                 @Valid @NotNull(message = "a JSON body is required") RouteLoadRequest body) {
        return load.load(vnetId, body.specs());
    }

    /** {@code route delete}. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("routes")
    public Response delete(@RestPath String vnetId, @RestQuery String destination,
                           @RestQuery @DefaultValue("0") int fib) {
        routes.delete(vnetId, destination, fib);
        return Response.noContent().build();
    }

    /** {@code route get}: the longest-prefix match and the nexthop it resolves to. */
    @GET
    @Path("lookup")
    public RouteView lookup(@RestPath String vnetId, @RestQuery String destination,
                            @RestQuery @DefaultValue("0") int fib) {
        return routes.lookup(vnetId, destination, fib).map(this::view).orElseThrow(() -> Rejected.notFound(
                "destination", "no route to host " + destination + " in fib " + fib + " of " + vnetId));
    }

    /** The nexthops with their holders, a page at a time (see {@link Pages}). */
    @GET
    @Path("nexthops")
    public Response nexthops(@RestPath String vnetId,
                             @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                             @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                             @RestQuery String cursor, UriInfo uri) {
        return Pages.of(routes.nexthops(vnetId, Pages.numberCursor(cursor), limit + 1), limit,
                n -> Long.toString(n.id()), n -> NexthopView.of(n, routes.routesUsing(n.id()),
                        routes.tunnelsHolding(n.id())), uri);
    }

    /** The RIB subscriptions ({@code rib_subscribe}), a page at a time (see {@link Pages}). */
    @GET
    @Path("subscriptions")
    public Response subscriptions(@RestPath String vnetId,
                                  @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT)
                                  @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                                  @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                                  @RestQuery String cursor, UriInfo uri) {
        return Pages.of(subscriptions.list(vnetId, Pages.numberCursor(cursor), limit + 1), limit,
                s -> Long.toString(s.id()), SubscriptionView::of, uri);
    }

    private RouteView view(Route route) {
        return RouteView.of(route, routes.nexthop(route.nhopId()));
    }

    private static IpFamily family(String family) {
        if (family == null) {
            return null;
        }
        try {
            return IpFamily.valueOf(family.toUpperCase());
        } catch (IllegalArgumentException e) {
            throw Rejected.invalid("family", "family must be inet or inet6, not '" + family + "'");
        }
    }
}

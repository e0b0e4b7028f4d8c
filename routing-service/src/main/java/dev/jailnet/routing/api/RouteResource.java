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
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/** A VNET's routes, nexthops, lookups and subscriptions. */
@Retry(maxRetries = 4, delay = 10, jitter = 10)
@RetryWhen(exception = ConflictingTransactions.class)
@Path("/api/vnets/{vnetId}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class RouteResource {

    static final String VNET = "The VNET's id (`vnet0` for the host's, `vnetN` for a jail's).";
    static final String VNET_BOUND = "must be at most 64 characters long";
    /** A route list's cursor is {@code fib/FAMILY/prefix}: well within 64; a number cursor is at most 20. */
    private static final String CURSOR_BOUND = "must be at most 64 characters long";
    /**
     * The longest address IpAddress.parse takes is 45 characters (eight groups written in full with an embedded
     * IPv4 address: {@code 0000:0000:0000:0000:0000:ffff:255.255.255.255}), 61 with a link-local zone ({@code %}
     * and an interface name of up to 15), 65 with {@code /128}: not 39 and 43, or a route added with such a
     * destination could not be deleted by it.
     */
    private static final String PREFIX_BOUND = "must be at most 65 characters long";
    private static final String ADDRESS_BOUND = "must be at most 61 characters long";
    private static final String FIB = "The fib (`setfib`), 0 to `net.fibs` - 1; 0 when absent.";
    private static final String NEXTHOP_FILTER = "Only those that hold this nexthop (by id, as `nexthops` lists"
            + " them): its holders of this kind, all of them; none when the VNET has no such nexthop.";
    private static final String ROUTE_EXAMPLE = "{\"destination\":\"10.8.0.0/16\",\"gateway\":\"10.0.0.1\"}";

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
    @Operation(operationId = "listRoutes", summary = "netstat -rn: the routes, by fib, family and destination",
            description = "The VNET's routes (connected, local and static) with their flags and nexthops, in fib,"
                    + " family and destination order, a page at a time.")
    @APIResponse(responseCode = "200", description = "A page of routes.",
            content = @Content(schema = @Schema(implementation = RouteView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "400", description = "`family` is not inet or inet6, or another value is refused"
            + " (`fib` not a whole number or not a fib there is, `limit` out of range, `cursor` not one this list"
            + " gave out, a value over its bound); `field` names it.")
    public Response list(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                         @Parameter(description = "Only this fib's routes (`netstat -rn -F`); every fib when absent.")
                         @RestQuery Integer fib,
                         @Parameter(description = "Only this family's routes (`netstat -rn -f`), in either case;"
                                 + " both when absent.", schema = @Schema(type = SchemaType.STRING,
                                 enumeration = {"inet", "inet6"}))
                         @RestQuery @Size(max = 5, message = "must be inet or inet6") String family,
                         @Parameter(description = NEXTHOP_FILTER) @RestQuery Long nexthop,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         @RestQuery @Size(max = 64, message = CURSOR_BOUND) String cursor, UriInfo uri) {
        RouteService.Listed listed = routes.list(vnetId, fib, family(family), nexthop,
                RouteRepository.After.parse(cursor), limit + 1);
        IntFunction<String> zones = zones(vnetId);
        return Pages.of(listed.routes(), limit, RouteRepository.After::of,
                r -> RouteView.of(r, listed.nexthops().get(r.nhopId()), zones), uri);
    }

    /** {@code route add}. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("routes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addRoute", summary = "route add: a static route",
            description = "Adds a static route through a gateway on a connected network (its interface is the one"
                    + " that network's route leaves by) or through an interface only, as `route add` does.")
    @APIResponse(responseCode = "201", description = "The route, as `netstat -rn` shows it, with its nexthop.",
            content = @Content(schema = @Schema(implementation = RouteView.class)))
    @APIResponse(responseCode = "400", description = "`route add` refuses it (EINVAL), `field` names the value:"
            + " a destination that is not `default`, a prefix or a host; a gateway that is not an address, of"
            + " another family than the destination, unreachable, not on a connected network or reached through"
            + " an interface that left; neither gateway nor interface; an interface not in the VNET or not the"
            + " one the gateway is reached through; a fib that does not exist. Or the body is missing or malformed,"
            + " or one of its values is unknown, of the wrong type or over its bound. Nothing was changed.")
    @APIResponse(responseCode = "409", description = "A route to that destination is already in that fib (EEXIST,"
            + " `field` is `destination`); the VNET is shutting down, not ALIVE (`field` is `vnetId`); or another"
            + " change to the same objects won at the same moment. Nothing was changed.")
    public Response add(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                        @RequestBody(description = "The route, as `route add` takes it.", content = @Content(
                                mediaType = MediaType.APPLICATION_JSON, examples = {
                                @ExampleObject(name = "default", summary = "route add default 10.0.0.1",
                                        value = "{\"destination\":\"default\",\"gateway\":\"10.0.0.1\"}"),
                                @ExampleObject(name = "network", summary = "route add -net 10.8.0.0/16 10.0.0.1",
                                        value = ROUTE_EXAMPLE),
                                @ExampleObject(name = "interface", summary = "route add -net 192.168.5.0/24"
                                        + " -interface epair0b",
                                        value = "{\"destination\":\"192.168.5.0/24\",\"interface\":\"epair0b\"}"),
                                @ExampleObject(name = "inet6", summary = "route add -inet6 2001:db8:1::/48"
                                        + " 2001:db8::1", value = "{\"destination\":\"2001:db8:1::/48\","
                                        + "\"gateway\":\"2001:db8::1\"}"),
                                @ExampleObject(name = "link-local", summary = "route add -inet6 default"
                                        + " fe80::1%epair0b", value = "{\"destination\":\"::/0\","
                                        + "\"gateway\":\"fe80::1%epair0b\"}")}))
                        @Valid @NotNull(message = "a JSON body is required") RouteRequest body) {
        RouteService.Added added = routes.add(vnetId, body.spec());
        return Response.status(Response.Status.CREATED).entity(RouteView.of(added.route(), added.nexthop(),
                zones(vnetId))).build();
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
    @Operation(operationId = "loadRoutes", summary = "route add, many at once: a table loaded",
            description = "Adds the routes in order, in chunks of one transaction each, as a routing daemon loads a"
                    + " table: a route `route add` would refuse is reported in the answer, the others are added.")
    @APIResponse(responseCode = "200", description = "How many routes were asked and added, and each refused route"
            + " (`refused`: its `index` in the request, its `destination`, and the `field` and `detail` a single"
            + " add would have answered with; EEXIST included). If the VNET's shutdown began part-way, the chunks"
            + " before stay added and every later route is refused with that reason.",
            content = @Content(schema = @Schema(implementation = RouteLoad.Loaded.class)))
    @APIResponse(responseCode = "400", description = "The body is missing or malformed, does not hold 1 to 100000"
            + " routes, or a route's value is unknown, of the wrong type or over its bound (`field` names it,"
            + " `routes[3].gateway` say): the whole load is refused, nothing was added. A route the routing table"
            + " refuses is answered in the 200 instead.")
    @APIResponse(responseCode = "409", description = "The VNET is not ALIVE when the load begins (`field` is"
            + " `vnetId`): nothing was added. Or a chunk met another change to the same objects through every"
            + " retry: the chunks before it stay added and the rest were not (sent again, those added are refused"
            + " as EEXIST).")
    public RouteLoad.Loaded load(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                                 String vnetId,
                                 @RequestBody(description = "The routes, each as `route add` takes it.", content =
                                 @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
                                         name = "table", summary = "two networks through gateways on epair0b's"
                                         + " network, one through the interface", value = "{\"routes\":["
                                         + ROUTE_EXAMPLE + ",{\"destination\":\"10.9.0.0/16\",\"gateway\":"
                                         + "\"10.0.0.9\"},{\"destination\":\"192.168.5.0/24\",\"interface\":"
                                         + "\"epair0b\"}]}")))
                                 @Valid @NotNull(message = "a JSON body is required") RouteLoadRequest body) {
        return load.load(vnetId, body.specs());
    }

    /** {@code route change}. */
    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("routes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "changeRoute", summary = "route change: a static route goes another way",
            description = "Sends the static route to exactly that destination in the fib through another gateway or"
                    + " interface (`RTM_CHANGE`), resolved as `route add` resolves them. The nexthop it used is freed"
                    + " with its last holder; a tunnel whose route cache it was resolves again.")
    @APIResponse(responseCode = "200", description = "The route, as `netstat -rn` shows it, with its nexthop; the"
            + " same when it went that way already (nothing changed).",
            content = @Content(schema = @Schema(implementation = RouteView.class)))
    @APIResponse(responseCode = "400", description = "`route change` refuses it (EINVAL), `field` names the value,"
            + " for the reasons `route add` gives; or the body is missing or malformed, or one of its values is"
            + " unknown, of the wrong type or over its bound. Nothing was changed.")
    @APIResponse(responseCode = "404", description = "No VNET `vnetId` in the routing layer, or no route to exactly"
            + " that destination in that fib (ESRCH, `field` is `destination`). Nothing was changed.")
    @APIResponse(responseCode = "409", description = "The route is an address's own, its connected (`UC`) or local"
            + " (`UHS`) route: pinned, it changes with the address (EADDRINUSE, `field` is `destination`); the VNET"
            + " is shutting down, not ALIVE (`field` is `vnetId`); or another change to the same objects won at the"
            + " same moment. Nothing was changed.")
    public RouteView change(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                            String vnetId,
                            @RequestBody(description = "The route's destination and where it goes now, as"
                                    + " `route change` takes them.", content = @Content(
                                    mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(
                                    name = "default", summary = "route change default 10.0.0.254",
                                    value = "{\"destination\":\"default\",\"gateway\":\"10.0.0.254\"}")))
                            @Valid @NotNull(message = "a JSON body is required") RouteRequest body) {
        RouteService.Added changed = routes.change(vnetId, body.spec());
        return RouteView.of(changed.route(), changed.nexthop(), zones(vnetId));
    }

    /** {@code route delete}. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("routes")
    @Operation(operationId = "deleteRoute", summary = "route delete: a route goes",
            description = "Deletes the route to exactly that destination in the fib; its nexthop is freed with its"
                    + " last route, unless a tunnel's route cache still holds it.")
    @APIResponse(responseCode = "204", description = "The route is deleted.")
    @APIResponse(responseCode = "400", description = "No `destination`, one that is not `default`, a prefix or a"
            + " host, a fib that does not exist or is not a whole number, or a value over its bound; `field` names it."
            + " Nothing was changed.")
    @APIResponse(responseCode = "404", description = "No VNET `vnetId` in the routing layer, or no route to exactly"
            + " that destination in that fib (ESRCH, `field` is `destination`). Nothing was changed.")
    @APIResponse(responseCode = "409", description = "The route is an address's own, its connected (`UC`) or local"
            + " (`UHS`) route: pinned, it goes when the address does (EADDRINUSE, `field` is `destination`). Nothing"
            + " was changed.")
    public Response delete(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                           @Parameter(required = true, description = "The route's destination as `netstat -rn` shows"
                                   + " it: a prefix (`10.8.0.0/16`), a host, or `default`, which is the inet default;"
                                   + " the inet6 default is `::/0`; a link-local one names its link"
                                   + " (`fe80::%epair0b/64`).")
                           @RestQuery @Size(max = 65, message = PREFIX_BOUND) String destination,
                           @Parameter(description = FIB) @RestQuery @DefaultValue("0") int fib) {
        routes.delete(vnetId, destination, fib);
        return Response.noContent().build();
    }

    /** {@code route get}: the longest-prefix match and the nexthop it resolves to. */
    @GET
    @Path("lookup")
    @Operation(operationId = "lookupRoute", summary = "route get: the route to an address",
            description = "The longest-prefix match for the address in the fib (`fib4_lookup`, `fib6_lookup`), with"
                    + " the nexthop it resolves to.")
    @APIResponse(responseCode = "200", description = "The route that matches.",
            content = @Content(schema = @Schema(implementation = RouteView.class)))
    @APIResponse(responseCode = "400", description = "No `destination`, one that is not an address, a fib that does"
            + " not exist or is not a whole number, or a value over its bound; `field` names it.")
    @APIResponse(responseCode = "404", description = "No VNET `vnetId` in the routing layer, or no route to host"
            + " (ESRCH): no route in that fib covers the address (`field` is `destination`).")
    public RouteView lookup(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                            String vnetId,
                            @Parameter(required = true, description = "The address to look up (`10.8.3.4`,"
                                    + " `2001:db8::1`, `fe80::1%epair0b`), not a prefix.")
                            @RestQuery @Size(max = 61, message = ADDRESS_BOUND) String destination,
                            @Parameter(description = FIB) @RestQuery @DefaultValue("0") int fib) {
        return routes.lookup(vnetId, destination, fib).map(this::view).orElseThrow(() -> Rejected.notFound(
                "destination", "no route to host " + destination + " in fib " + fib + " of " + vnetId));
    }

    /** The nexthops with their holders, a page at a time (see {@link Pages}). */
    @GET
    @Path("nexthops")
    @Operation(operationId = "listNexthops", summary = "netstat -on: the nexthops, with their holders",
            description = "The VNET's nexthops (`nhop_object`), by id, each with its reference count and the first"
                    + " routes and tunnels that hold it, a page at a time. The rest of a nexthop's holders are"
                    + " listed by `routes?nexthop=ID` and `subscriptions?nexthop=ID`.")
    @APIResponse(responseCode = "200", description = "A page of nexthops.",
            content = @Content(schema = @Schema(implementation = NexthopView.class, type = SchemaType.ARRAY)))
    public Response nexthops(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                             String vnetId,
                             @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                             @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                             @RestQuery @Size(max = 64, message = CURSOR_BOUND) String cursor, UriInfo uri) {
        IntFunction<String> zones = zones(vnetId);
        RouteService.NexthopsListed listed = routes.nexthops(vnetId, Pages.numberCursor(cursor), limit + 1);
        return Pages.of(listed.nexthops(), limit, n -> Long.toString(n.id()),
                n -> NexthopView.of(n, listed.holdersOf(n), zones), uri);
    }

    /** The RIB subscriptions ({@code rib_subscribe}), a page at a time (see {@link Pages}). */
    @GET
    @Path("subscriptions")
    @Operation(operationId = "listSubscriptions", summary = "rib_subscribe: the tunnels subscribed to the RIBs",
            description = "The tunnels registered on the VNET's RIBs, told of every change in them, with the"
                    + " nexthop each one's route cache holds, by id, a page at a time.")
    @APIResponse(responseCode = "200", description = "A page of subscriptions.",
            content = @Content(schema = @Schema(implementation = SubscriptionView.class, type = SchemaType.ARRAY)))
    public Response subscriptions(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                                  String vnetId,
                                  @Parameter(description = NEXTHOP_FILTER) @RestQuery Long nexthop,
                                  @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT)
                                  @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                                  @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                                  @RestQuery @Size(max = 64, message = CURSOR_BOUND) String cursor, UriInfo uri) {
        return Pages.of(subscriptions.list(vnetId, nexthop, Pages.numberCursor(cursor), limit + 1), limit,
                s -> Long.toString(s.id()), SubscriptionView::of, uri);
    }

    private RouteView view(Route route) {
        return RouteView.of(route, routes.nexthop(route.nhopId()), zones(route.vnetId()));
    }

    /**
     * The names of the VNET's links, by index, looked up only for a link-local address to show, and once per link
     * for everything one answer shows.
     */
    private IntFunction<String> zones(String vnetId) {
        Map<Integer, String> names = new HashMap<>();
        return index -> names.computeIfAbsent(index, i -> routes.zoneName(vnetId, i));
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

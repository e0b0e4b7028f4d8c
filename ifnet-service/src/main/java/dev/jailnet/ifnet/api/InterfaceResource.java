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
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
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
    private static final String VNET = "The VNET's id (`vnet0` is the host's).";
    private static final String VNET_BOUND = "must be at most 64 characters long";
    private static final String NAME = "The interface's name, unique within the VNET (`epair0a`, `gif0`, `lo0`).";
    // IFNAMSIZ less its NUL
    private static final String NAME_BOUND = "must be at most 15 characters long";
    // IpAddress takes the mixed form too: "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255" is 45 characters, and a
    // link-local address may name its link after '%' (an interface name, up to 15 more)
    private static final String ADDRESS_BOUND = "must be at most 61 characters long";
    // declaring a status here replaces the filter's words for it, so the generic cause is said again
    private static final String REFUSED = "A value is refused, `field` naming it and `detail` saying why: one over"
            + " its bound, of the wrong type or missing";
    private static final String LOST_RACE = " Also when another change to the same objects won at the same moment:"
            + " nothing was changed, try again.";
    private static final String NOT_ALIVE = "`vnetId` is SHUTTING_DOWN (`vnet_shutdown` froze it)";
    private static final String NO_INTERFACE = "The interface layer knows no VNET `vnetId`, or it has no interface"
            + " `name` (a destroyed one is not found here)";
    private static final String NOT_BELOW = "not below it in the VNET tree (a sibling, an ancestor or an unrelated"
            + " VNET: `prison_find_child` finds no such jail, ENXIO)";

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
    @Operation(operationId = "listInterfaces", summary = "ifconfig -a: the interfaces of a VNET, by index",
            description = "The interfaces attached to the VNET, its own and those loaned into it; with"
                    + " `tombstones=true` the destroyed ones still referenced too. A page at a time.")
    @APIResponse(responseCode = "200", description = "A page of interfaces.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = "The interface layer knows no VNET `vnetId`.")
    public Response list(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                         @Parameter(description = "Include tombstones: destroyed interfaces kept until routing has"
                                 + " flushed them and their last reference went.") @RestQuery boolean tombstones,
                         @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                         @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                         // a long's decimal form, the longest cursor this list gives out
                         @RestQuery @Size(max = 20, message = "must be at most 20 characters long") String cursor,
                         UriInfo uri) {
        return Pages.of(ifnet.list(vnetId, tombstones, Pages.numberCursor(cursor), limit + 1), limit,
                ifp -> Integer.toString(ifp.index()), InterfaceView::of, uri);
    }

    @GET
    @Path("{name}")
    @Operation(operationId = "getInterface", summary = "ifconfig IF: one interface",
            description = "The interface with its addresses, tunnel and the references held on it.")
    @APIResponse(responseCode = "200", description = "The interface.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    public InterfaceView get(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                             @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND) String name) {
        return InterfaceView.of(ifnet.get(vnetId, name));
    }

    /** The references held on an interface, a page at a time (see {@link Pages}). */
    @GET
    @Path("{name}/holders")
    @Operation(operationId = "listInterfaceHolders", summary = "if_ref: who holds an interface",
            description = "The references held on the interface (`if_refcount` of them), in the order they were"
                    + " taken, a page at a time: every holder, where the interface names the first few.")
    @APIResponse(responseCode = "200", description = "A page of holders.",
            content = @Content(schema = @Schema(implementation = HolderView.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    public Response holders(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                            String vnetId,
                            @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND) String name,
                            @RestQuery @DefaultValue(Pages.DEFAULT_LIMIT) @Min(value = 1, message = Pages.LIMIT_MESSAGE)
                            @Max(value = Pages.MAX_LIMIT, message = Pages.LIMIT_MESSAGE) int limit,
                            // a long's decimal form, the longest cursor this list gives out
                            @RestQuery @Size(max = 20, message = "must be at most 20 characters long") String cursor,
                            UriInfo uri) {
        return Pages.of(ifnet.holders(vnetId, name, Pages.numberCursor(cursor), limit + 1), limit,
                ref -> Long.toString(ref.id()), HolderView::of, uri);
    }

    /** {@code ifconfig CLONER create}: 201 with the interface (the "a" half of an epair, naming its peer). */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "createInterface", summary = "ifconfig CLONER create: clone an interface",
            description = "Creates an interface of the cloner, at the unit asked for or the lowest free one; an"
                    + " epair creates both halves, and a vxlan belongs to vnet0 wherever it is made.")
    @APIResponse(responseCode = "201", description = "The interface; of an epair, the `a` half, whose `peer` names"
            + " the `b` half.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "400", description = REFUSED + "; or `cloner` is none of epair, gif, gre, vxlan,"
            + " bridge, lo; or `name` is not the cloner's name followed by a unit number. Nothing was changed.")
    @APIResponse(responseCode = "404", description = "The interface layer knows no VNET `vnetId`.")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + "; or the unit asked for exists, or the name is"
            + " taken in the VNET or kept there for one of its own interfaces loaned out (EEXIST): `field` is"
            + " `name`." + LOST_RACE)
    public Response create(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                           @RequestBody(description = "The cloner, and the name to create if a unit is asked for.",
                                   content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                                           @ExampleObject(name = "epair", summary = "ifconfig epair create",
                                                   value = "{\"cloner\":\"epair\"}"),
                                           @ExampleObject(name = "unit", summary = "ifconfig gif7 create",
                                                   value = "{\"cloner\":\"gif\",\"name\":\"gif7\"}")}))
                           @Valid @NotNull(message = BODY_REQUIRED) CreateInterfaceRequest body) {
        var created = ifnet.create(vnetId, body.cloner(), body.name());
        return Response.status(Response.Status.CREATED).entity(InterfaceView.of(created.get(0))).build();
    }

    /** {@code ifconfig IF destroy}. */
    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{name}")
    @Operation(operationId = "destroyInterface", summary = "ifconfig IF destroy",
            description = "Detaches the interface (an epair's other half with it, wherever it is): a tombstone until"
                    + " routing has flushed its routes and the last reference on it goes.")
    @APIResponse(responseCode = "204", description = "The interface is destroyed.")
    @APIResponse(responseCode = "400", description = REFUSED + "; or `name` is `lo0`, which goes with its VNET, or a"
            + " physical interface. Nothing was changed.")
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    public Response destroy(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                            @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND) String name) {
        ifnet.destroy(vnetId, name);
        return Response.noContent().build();
    }

    /** {@code ifconfig IF vnet JAIL}, issued from the VNET the interface is in. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{name}/vnet")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "moveInterface", summary = "ifconfig IF vnet JAIL: if_vmove to another VNET",
            description = "Loans the interface, from the VNET it is in (the caller's), to a VNET below that one in the"
                    + " VNET tree: the VNET of a jail made from it, or of one made from that, and so on (vnet0 is above"
                    + " every VNET). Its name and index are kept, its addresses purged and its tunnel's endpoints gone;"
                    + " routing flushes the routes through it here.")
    @APIResponse(responseCode = "200", description = "The interface, in the other VNET.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "400", description = REFUSED + "; or `vnet` is `vnetId` itself, or " + NOT_BELOW
            + " (`field` is `vnet`); or `name` is a loopback, which cannot move (EINVAL). Nothing was changed.")
    @APIResponse(responseCode = "404", description = NO_INTERFACE + "; or it knows no VNET `vnet` (`field` is"
            + " `vnet`).")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + ", or `vnet` is (`field` is `vnet`); or the other"
            + " VNET has an interface of that name, or keeps it for one of its own loaned out (EEXIST)." + LOST_RACE)
    public InterfaceView moveOut(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                                 String vnetId,
                                 @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND)
                                 String name,
                                 @RequestBody(description = "The VNET the interface goes to, below `vnetId`.",
                                         content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         examples = @ExampleObject(name = "jail",
                                         summary = "ifconfig epair0b vnet web", value = "{\"vnet\":\"vnet1\"}")))
                                 @Valid @NotNull(message = BODY_REQUIRED) MoveRequest body) {
        return InterfaceView.of(ifnet.moveOut(vnetId, name, body.vnet()));
    }

    /** {@code ifconfig IF -vnet JAIL}, issued from the VNET the interface comes to. */
    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{name}/reclaim")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "reclaimInterface", summary = "ifconfig IF -vnet JAIL: if_vmove back to the caller",
            description = "Takes the interface out of a VNET below the caller's (`vnetId`) in the VNET tree (the VNET"
                    + " of a jail made from it, or of one made from that, and so on; vnet0 is above every VNET) into"
                    + " the caller's, wherever it was made; its addresses purged and its tunnel's endpoints gone.")
    @APIResponse(responseCode = "200", description = "The interface, now in `vnetId`.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "400", description = REFUSED + "; or `vnet` is `vnetId` itself, or " + NOT_BELOW
            + " (`field` is `vnet`); or the interface is a loopback (EINVAL, `field` is `name`). Nothing was"
            + " changed.")
    @APIResponse(responseCode = "404", description = "The interface layer knows no VNET `vnetId`, or none `vnet`"
            + " (`field` is `vnet`), or `vnet` has no interface `name`.")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + ", or `vnet` is (EBUSY, `field` is `vnet`); or"
            + " `vnetId` has another interface of that name, or keeps it for one of its own loaned out (EEXIST)."
            + LOST_RACE)
    public InterfaceView reclaim(@Parameter(description = "The caller's VNET, which takes the interface.")
                                 @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                                 @Parameter(description = "The interface's name, in the VNET it is taken from.")
                                 @RestPath @Size(max = 15, message = NAME_BOUND) String name,
                                 @RequestBody(description = "The VNET the interface is taken from, below `vnetId`.",
                                         content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                         examples = @ExampleObject(name = "jail",
                                         summary = "ifconfig epair0b -vnet web", value = "{\"vnet\":\"vnet1\"}")))
                                 @Valid @NotNull(message = BODY_REQUIRED) MoveRequest body) {
        return InterfaceView.of(ifnet.reclaim(vnetId, name, body.vnet()));
    }

    @RolesAllowed(Roles.OPERATOR)
    @POST
    @Path("{name}/addresses")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "addAddress", summary = "ifconfig IF inet ADDR/LEN: add an address",
            description = "Adds the address and brings the interface up; routing then adds its connected and local"
                    + " routes (`RTM_NEWADDR`). An address the interface has already is set again as FreeBSD does: an"
                    + " IPv4 one is removed, with its routes (static ones through it too), and added with the prefix"
                    + " length given; an IPv6 one keeps its prefix length.")
    @APIResponse(responseCode = "201", description = "The interface with the address (added, or an IPv4 one set"
            + " again); its routes may not be there yet, unless `Prefer: wait` was asked and routing has added them.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "200", description = "The interface had the IPv6 address with that prefix length"
            + " already: nothing changed.", content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "202", description = "With `Prefer: wait`: the wait ended before routing added the"
            + " address's routes; the interface, with the address.", headers = @Header(name = "Location",
            description = "The interface's URL.", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "400", description = REFUSED + "; or `address` is not an IPv4 or IPv6 address, with"
            + " a prefix length in range if any (an IPv6 one at least 1, and the one it has if it is there: EINVAL)."
            + " Nothing was changed.")
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + "; or the address is already on another interface"
            + " of the VNET (EEXIST): `field` is `address`." + LOST_RACE)
    public Response addAddress(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                               String vnetId,
                               @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND)
                               String name,
                               @RequestBody(description = "The address, with its prefix length; a bare address is a"
                                       + " host address (/32, /128).", content = @Content(
                                       mediaType = MediaType.APPLICATION_JSON, examples = {
                                       @ExampleObject(name = "inet", summary = "ifconfig epair0a inet 10.0.0.1/24",
                                               value = "{\"address\":\"10.0.0.1/24\"}"),
                                       @ExampleObject(name = "inet6",
                                               summary = "ifconfig epair0a inet6 2001:db8::1/64",
                                               value = "{\"address\":\"2001:db8::1/64\"}")}))
                               @Valid @NotNull(message = BODY_REQUIRED) AddressRequest body,
                               @RestHeader(PreferWait.PREFER) List<String> prefer, UriInfo uri) {
        Optional<PreferWait> wait = PreferWait.of(prefer);
        IfnetService.AddressConfigured configured = ifnet.addAddress(vnetId, name, body.address());
        Response.Status status = configured.added() ? Response.Status.CREATED : Response.Status.OK;
        Ifaddr address = configured.ifaddr();
        if (wait.isEmpty()) {
            return Response.status(status).entity(InterfaceView.of(address.ifnet())).build();
        }
        return answered(routing.awaitRouted(address, wait.get().duration()), status, address.ifnet(), wait.get(), uri);
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{name}/addresses/{address}")
    @Operation(operationId = "removeAddress", summary = "ifconfig IF inet ADDR -alias: remove an address",
            description = "Removes the address; routing then deletes its local route, and its network's prefix route"
                    + " if it held it (the first address of the network does), which the next address of the network"
                    + " takes over if there is one (`in_scrubprefix`). An IPv4 address that held it takes every route"
                    + " through it along, static ones too (`in_ifadown`).")
    @APIResponse(responseCode = "204", description = "The address is removed.")
    @APIResponse(responseCode = "400", description = REFUSED + "; or `address` is not an IPv4 or IPv6 address."
            + " Nothing was changed.")
    @APIResponse(responseCode = "404", description = NO_INTERFACE + "; or the interface has no such address"
            + " (`field` is `address`).")
    public Response removeAddress(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                                  String vnetId,
                                  @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND)
                                  String name,
                                  @Parameter(description = "The address, without its prefix length (`10.0.0.1`,"
                                          + " `2001:db8::1`); a link-local one with or without its link"
                                          + " (`fe80::2%25epair0b` in the path, or `fe80::2`).")
                                  @RestPath @Size(max = 61, message = ADDRESS_BOUND)
                                  String address) {
        ifnet.removeAddress(vnetId, name, address);
        return Response.noContent().build();
    }

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("{name}/tunnel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "setTunnel", summary = "ifconfig IF tunnel SRC DST: set a tunnel's endpoints",
            description = "Sets the outer endpoints of a gif, gre or vxlan interface, dropping its route cache;"
                    + " routing then resolves the destination and subscribes the tunnel to its route.")
    @APIResponse(responseCode = "200", description = "The interface with its endpoints; `tunnel.resolved` is false"
            + " until routing has answered, which with `Prefer: wait` it has: `tunnel.cache` holds the nexthop, or is"
            + " absent when no route leads to the destination (or, when another request changed the endpoints during"
            + " the wait, the interface as that one left it).",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "202", description = "With `Prefer: wait`: the wait ended before routing answered;"
            + " the interface with its endpoints, unresolved.", headers = @Header(name = "Location",
            description = "The interface's URL.", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "400", description = REFUSED + "; or `source` or `destination` is not an IPv4 or"
            + " IPv6 address, or they are of different families (`field` is `destination`), or the interface is"
            + " not a tunnel (gif, gre or vxlan; `field` is `name`). Nothing was changed.")
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + "; or another tunnel of the same kind in the VNET has"
            + " both these endpoints (EADDRNOTAVAIL, `field` is `destination`)." + LOST_RACE)
    public Response setTunnel(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                              String vnetId,
                              @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND)
                              String name,
                              @RequestBody(description = "The outer endpoints, and the FIB they are routed in.",
                                      content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                                              @ExampleObject(name = "inet",
                                                      summary = "ifconfig gif0 tunnel 192.0.2.1 198.51.100.7",
                                                      value = "{\"source\":\"192.0.2.1\","
                                                              + "\"destination\":\"198.51.100.7\"}"),
                                              @ExampleObject(name = "inet6 in FIB 1", summary = "ifconfig gif0"
                                                      + " tunnel 2001:db8::1 2001:db8:1::7 tunnelfib 1",
                                                      value = "{\"source\":\"2001:db8::1\","
                                                              + "\"destination\":\"2001:db8:1::7\",\"fib\":1}")}))
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

    @RolesAllowed(Roles.OPERATOR)
    @PUT
    @Path("{name}/up")
    @Operation(operationId = "upInterface", summary = "ifconfig IF up: if_up",
            description = "Sets the interface's UP flag (`IFF_UP`); already up, nothing changes. Its addresses and the"
                    + " routes through it are as they were; a clone brought up for the first time starts RUNNING.")
    @APIResponse(responseCode = "200", description = "The interface, up.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + "." + LOST_RACE)
    public InterfaceView up(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND) String vnetId,
                            @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND) String name) {
        return InterfaceView.of(ifnet.setUp(vnetId, name, true));
    }

    @RolesAllowed(Roles.OPERATOR)
    @DELETE
    @Path("{name}/up")
    @Operation(operationId = "downInterface", summary = "ifconfig IF down: if_down",
            description = "Clears the interface's UP flag; already down, nothing changes. Its addresses and the routes"
                    + " through it stay, as the kernel keeps them (what is sent out of a down interface fails with"
                    + " ENETDOWN); RUNNING is the driver's and stays as it was.")
    @APIResponse(responseCode = "200", description = "The interface, down.",
            content = @Content(schema = @Schema(implementation = InterfaceView.class)))
    @APIResponse(responseCode = "404", description = NO_INTERFACE + ".")
    @APIResponse(responseCode = "409", description = NOT_ALIVE + "." + LOST_RACE)
    public InterfaceView down(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                              String vnetId,
                              @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND)
                              String name) {
        return InterfaceView.of(ifnet.setUp(vnetId, name, false));
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
    @Operation(operationId = "deleteTunnel", summary = "ifconfig IF -tunnel: gif_delete_tunnel",
            description = "Clears the tunnel's endpoints; routing releases its nexthop and its subscription.")
    @APIResponse(responseCode = "204", description = "The tunnel's endpoints are cleared.")
    @APIResponse(responseCode = "404", description = NO_INTERFACE + "; or the interface has no tunnel.")
    public Response deleteTunnel(@Parameter(description = VNET) @RestPath @Size(max = 64, message = VNET_BOUND)
                                 String vnetId,
                                 @Parameter(description = NAME) @RestPath @Size(max = 15, message = NAME_BOUND)
                                 String name) {
        ifnet.deleteTunnel(vnetId, name);
        return Response.noContent().build();
    }
}

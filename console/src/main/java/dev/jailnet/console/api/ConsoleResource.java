package dev.jailnet.console.api;

import dev.jailnet.console.graph.ConsoleViews;
import dev.jailnet.console.graph.Fault;
import dev.jailnet.console.graph.VnetGraph;
import dev.jailnet.console.upstream.JailApi.Jail;
import dev.jailnet.events.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/**
 * What the page draws, read from the four services with the caller's own token (forwarded as it came), so a
 * viewer sees through the console exactly what it may read from each service.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class ConsoleResource {

    private static final String BAD_GATEWAY = "A service the console reads from answered with an error of its own;"
            + " `detail` names the service and its status.";
    private static final String UNAVAILABLE = "A service the console reads from cannot be reached now, or is"
            + " unavailable itself (it answered 503: its database cannot be reached); `detail` names it, `Retry-After`"
            + " says when to try again.";

    private final ConsoleViews views;

    public ConsoleResource(ConsoleViews views) {
        this.views = views;
    }

    /** Every jail, the dying ones too ({@code jls -d}). */
    @GET
    @Path("jails")
    @APIResponse(responseCode = "200", description = "Every jail, the dying ones too.", content = @Content(
            schema = @Schema(implementation = Jail.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "502", description = BAD_GATEWAY)
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public List<Jail> jails(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return views.jails(authorization);
    }

    /** A VNET with its jail, sagas, RIBs, interfaces, nexthops, routes and subscriptions. */
    @GET
    @Path("vnets/{vnetId}/graph")
    @APIResponse(responseCode = "200", description = "The VNET's graph.",
            content = @Content(schema = @Schema(implementation = VnetGraph.class)))
    @APIResponse(responseCode = "502", description = BAD_GATEWAY)
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public VnetGraph graph(@RestPath @Pattern(regexp = "vnet[0-9]{1,9}", message = "must be a VNET id: vnet0, vnet1, ...")
                           String vnetId, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return views.graph(vnetId, authorization);
    }

    /** Every reference fault the services recorded. */
    @GET
    @Path("faults")
    @APIResponse(responseCode = "200", description = "Every reference fault, with its service and VNET.", content =
            @Content(schema = @Schema(implementation = Fault.class, type = SchemaType.ARRAY)))
    @APIResponse(responseCode = "502", description = BAD_GATEWAY)
    @APIResponse(responseCode = "503", description = UNAVAILABLE)
    public List<Fault> faults(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return views.faults(authorization);
    }
}

package dev.jailnet.routing.api;

import dev.jailnet.events.Roles;
import dev.jailnet.routing.domain.RoutingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;

/** A VNET's routing tables. */
@Path("/api/vnets/{vnetId}/ribs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class RibResource {

    private final RoutingService routing;

    public RibResource(RoutingService routing) {
        this.routing = routing;
    }

    /** Not paged: a VNET has one RIB per fib and family, a handful. */
    @GET
    @Operation(operationId = "listRibs", summary = "vnet_rtables_init: the VNET's RIBs",
            description = "The VNET's routing tables (`rib_head`), one per fib and family, as `vnet_rtables_init`"
                    + " made them; all of them in one answer.")
    @APIResponse(responseCode = "200", description = "The RIBs.",
            content = @Content(schema = @Schema(implementation = RibView.class, type = SchemaType.ARRAY)))
    public List<RibView> list(@Parameter(description = RouteResource.VNET) @RestPath
                              @Size(max = 64, message = RouteResource.VNET_BOUND) String vnetId) {
        return routing.ribs(vnetId).stream().map(RibView::of).toList();
    }
}

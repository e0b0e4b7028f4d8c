package dev.jailnet.routing.api;

import dev.jailnet.events.Roles;
import dev.jailnet.routing.domain.RoutingService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
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

    @GET
    public List<RibView> list(@RestPath String vnetId) {
        return routing.ribs(vnetId).stream().map(RibView::of).toList();
    }
}

package dev.jailnet.ifnet.api;

import dev.jailnet.ifnet.domain.IfnetService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

/** Interfaces, addressed by name within a VNET. */
@Path("/api/vnets/{vnetId}/interfaces")
@Produces(MediaType.APPLICATION_JSON)
public class InterfaceResource {

    private final IfnetService ifnet;

    public InterfaceResource(IfnetService ifnet) {
        this.ifnet = ifnet;
    }

    /** {@code ifconfig -a}. */
    @GET
    public List<InterfaceView> list(@RestPath String vnetId) {
        return ifnet.list(vnetId).stream().map(InterfaceView::of).toList();
    }
}

package dev.jailnet.vnet.api;

import dev.jailnet.vnet.domain.VnetService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/vnets")
@Produces(MediaType.APPLICATION_JSON)
public class VnetResource {

    private final VnetService vnets;

    public VnetResource(VnetService vnets) {
        this.vnets = vnets;
    }

    @GET
    public List<VnetView> list() {
        return vnets.list().stream().map(v -> VnetView.of(v, List.of())).toList();
    }

    @GET
    @Path("{vnetId}")
    public VnetView get(@RestPath String vnetId) {
        return VnetView.of(vnets.find(vnetId), vnets.sagasOf(vnetId));
    }
}

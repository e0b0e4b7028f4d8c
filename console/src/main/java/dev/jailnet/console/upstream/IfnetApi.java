package dev.jailnet.console.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** What the console reads of ifnet-service: the interfaces in a VNET, tombstones included. */
@Path("/api/vnets/{vnetId}/interfaces")
public interface IfnetApi {

    @GET
    RestResponse<List<Interface>> interfaces(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                             @PathParam("vnetId") String vnetId,
                                             @QueryParam("tombstones") boolean tombstones,
                                             @QueryParam("limit") int limit);

    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper strict) {
        return LenientJson.of(strict);
    }

    /** An interface as {@code ifconfig} shows it, with its references ({@code holders}: nexthops). */
    record Interface(String name, int index, String kind, String state, String homeVnet, String vnet,
                     List<String> flags, List<String> addresses, String peer, Tunnel tunnel, int refcount,
                     List<String> holders, Instant detachedAt) {
    }

    /** A tunnel's endpoints and its route cache. */
    record Tunnel(String source, String destination, int fib, boolean subscribed, boolean resolved, Cache cache) {
    }

    /** The nexthop a tunnel's route cache holds a reference on. */
    record Cache(long nhopId, String egress, String gateway) {
    }
}

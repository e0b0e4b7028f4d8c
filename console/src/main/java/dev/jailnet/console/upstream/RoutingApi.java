package dev.jailnet.console.upstream;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** What the console reads of routing-service: a VNET's RIBs, routes, nexthops and subscriptions. */
@Path("/api/vnets/{vnetId}")
public interface RoutingApi {

    @GET
    @Path("ribs")
    List<Rib> ribs(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("vnetId") String vnetId);

    @GET
    @Path("routes")
    RestResponse<List<Route>> routes(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("vnetId") String vnetId, @QueryParam("limit") int limit);

    @GET
    @Path("nexthops")
    RestResponse<List<Nexthop>> nexthops(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @PathParam("vnetId") String vnetId, @QueryParam("limit") int limit);

    @GET
    @Path("subscriptions")
    RestResponse<List<Subscription>> subscriptions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                   @PathParam("vnetId") String vnetId,
                                                   @QueryParam("limit") int limit);

    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper strict) {
        return LenientJson.of(strict);
    }

    /** A routing table of one fib and family. */
    record Rib(int fib, String family) {
    }

    /** One line of {@code netstat -rn}. */
    record Route(String destination, String gateway, String flags, @JsonProperty("interface") String netif,
                 long nhopId, int fib, String family, String kind) {
    }

    /**
     * A nexthop: it holds a reference on its interface, and its holders (routes, tunnels) hold it; {@code holders}
     * names the first few of each kind, all of them when {@code holdersComplete}.
     */
    record Nexthop(long id, int fib, String family, @JsonProperty("interface") String netif, int ifIndex,
                   String gateway, long refcount, List<Holder> holders, boolean holdersComplete) {
    }

    /** A route that resolves to a nexthop, or a tunnel whose route cache holds it. */
    record Holder(String kind, String destination, String subscriber, String vnet) {
    }

    /** A tunnel's {@code rib_subscribe} registration on one RIB. */
    record Subscription(long id, int fib, String family, String subscriber, int subscriberIndex, String vnet,
                        String destination, Long nhopId) {
    }
}

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

/** What the console reads of jail-service: the jails, dying ones included ({@code jls -d}). */
@Path("/api/jails")
public interface JailApi {

    @GET
    RestResponse<List<Jail>> jails(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @QueryParam("dying") boolean dying, @QueryParam("limit") int limit,
                                   @QueryParam("cursor") String cursor);

    @GET
    @Path("{jid}")
    Jail jail(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("jid") int jid,
              @QueryParam("dying") boolean dying);

    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper strict) {
        return LenientJson.of(strict);
    }

    /** A jail with its reference counts: {@code userRefs} is {@code pr_uref}, {@code refs} is {@code pr_ref}. */
    record Jail(int jid, String name, String state, boolean vnet, String vnetId, int userRefs, int refs,
                boolean persist, Instant createdAt, Instant dyingAt, String reason, String removedBy,
                List<Integer> processes, List<Hold> holds) {
    }

    /** A hold on a jail (a socket in TIME_WAIT): it counts in {@code pr_ref} only. */
    record Hold(long id, String description) {
    }
}

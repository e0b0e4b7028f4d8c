package dev.jailnet.console.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

/** What the console reads of any service's audit ledger: the reference faults it recorded. */
@Path("/api/audit")
public interface AuditApi {

    @GET
    RestResponse<Audit> audit(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @QueryParam("limit") int limit, @QueryParam("cursor") String cursor);

    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper strict) {
        return LenientJson.of(strict);
    }

    /** A page of a ledger; each fault reads {@code "<vnetId>: <what happened>"}. */
    record Audit(String service, List<String> faults) {
    }
}

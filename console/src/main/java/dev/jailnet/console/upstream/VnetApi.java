package dev.jailnet.console.upstream;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What the console reads of vnet-service: a VNET and the timelines of its sagas. */
@Path("/api")
public interface VnetApi {

    @GET
    @Path("vnets/{vnetId}")
    Vnet vnet(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("vnetId") String vnetId);

    @GET
    @Path("sagas/{id}")
    Saga saga(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @PathParam("id") UUID id);

    @ClientObjectMapper
    static ObjectMapper objectMapper(ObjectMapper strict) {
        return LenientJson.of(strict);
    }

    /** A VNET's life ({@code CREATING} ... {@code DESTROYED}), how it is torn down, and its sagas. */
    record Vnet(String vnetId, Integer jid, String state, Instant createdAt, Instant aliveAt, Instant shutdownAt,
                Instant endedAt, String reason, boolean jailRefsDrained, String teardown, List<SagaRef> sagas) {
    }

    record SagaRef(UUID id, String type, String status) {
    }

    /** A saga's timeline. */
    record Saga(UUID id, String type, String vnetId, String status, Instant startedAt, Instant endedAt,
                Long durationMs, String reason, String requestedBy, String retriedBy, Instant retriedAt,
                List<Step> steps) {
    }

    /** One step: who carried it out, how often it was sent, how long it took and what it released. */
    record Step(String step, Set<String> participants, boolean compensation, String status, int attempts,
                Instant startedAt, Instant endedAt, Long durationMs, Instant deadline, Map<String, Integer> released,
                String lastError) {
    }
}

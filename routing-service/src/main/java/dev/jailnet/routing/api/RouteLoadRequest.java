package dev.jailnet.routing.api;

import dev.jailnet.routing.domain.RouteSpec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Many {@code route add}s at once: each as a single add takes it. */
public record RouteLoadRequest(
        @NotNull(message = "is required")
        @Size(min = 1, max = RouteLoadRequest.MAX_ROUTES, message = "must hold 1 to " + RouteLoadRequest.MAX_ROUTES
                + " routes")
        @Schema(description = "The routes, added in this order: a gateway may be on the network of an interface"
                + " route earlier in the list.")
        List<@NotNull(message = "is not a route") @Valid RouteRequest> routes) {

    /** About 7 MB of JSON, within the services' body limit; a larger table is loaded in several requests. */
    static final int MAX_ROUTES = 100_000;

    List<RouteSpec> specs() {
        return routes.stream().map(RouteRequest::spec).toList();
    }
}

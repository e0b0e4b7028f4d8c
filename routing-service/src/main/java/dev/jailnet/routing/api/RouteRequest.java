package dev.jailnet.routing.api;

import dev.jailnet.routing.domain.RouteSpec;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code route add}: a destination ("default", a prefix such as "10.1.0.0/16", or a host), a gateway on
 * a connected network, optionally the interface, and the fib (0 when omitted).
 */
public record RouteRequest(
        @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters long")
        String destination,
        @Size(max = 64, message = "must be at most 64 characters long") String gateway,
        @com.fasterxml.jackson.annotation.JsonProperty("interface")
        @Pattern(regexp = "[a-z][a-z0-9]{0,14}", message = "is not an interface name") String interfaceName,
        @Min(value = 0, message = "must be 0 or more") Integer fib) {

    RouteSpec spec() {
        return new RouteSpec(destination, gateway, interfaceName, fib == null ? 0 : fib);
    }
}

package dev.jailnet.routing.api;

import dev.jailnet.routing.domain.RouteSpec;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code route add}: a destination ("default", a prefix such as "10.1.0.0/16", or a host), a gateway on
 * a connected network, optionally the interface, and the fib (0 when omitted).
 */
public record RouteRequest(
        @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters long")
        @Schema(description = "`default`, a prefix (`10.8.0.0/16`, `2001:db8:1::/48`) or a host address. `default`"
                + " is of the gateway's family, inet without a gateway; the inet6 default through an interface only"
                + " is `::/0`.")
        String destination,
        @Size(max = 64, message = "must be at most 64 characters long")
        @Schema(nullable = true, description = "An address on a network the VNET is connected to, of the"
                + " destination's family; a link-local one names its link after `%` (`fe80::1%epair0b`) or by"
                + " `interface`. Without it, `interface` is required and the route is an interface route.")
        String gateway,
        @com.fasterxml.jackson.annotation.JsonProperty("interface")
        @Pattern(regexp = "^[a-z][a-z0-9]{0,14}$", message = "is not an interface name")
        @Schema(nullable = true, description = "The interface the route leaves by (`-interface`): with a gateway,"
                + " it must be the one the gateway is reached through; without, the route goes through it.")
        String interfaceName,
        @Min(value = 0, message = "must be 0 or more")
        @Schema(nullable = true, defaultValue = "0", description = "The fib, below `net.fibs`; 0 when absent.")
        Integer fib) {

    RouteSpec spec() {
        return new RouteSpec(destination, gateway, interfaceName, fib == null ? 0 : fib);
    }
}

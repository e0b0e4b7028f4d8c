package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code ifconfig gif0 tunnel SOURCE DESTINATION tunnelfib FIB}. */
public record TunnelRequest(@NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters long")
                            @Schema(pattern = ADDRESS, description = "The outer source address, IPv4 or IPv6, without"
                                    + " a prefix length.", example = "192.0.2.1")
                            String source,
                            @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters long")
                            @Schema(pattern = ADDRESS, description = "The outer destination address, of the same"
                                    + " family as `source`: routing resolves the route to it for the tunnel's route"
                                    + " cache.", example = "198.51.100.7")
                            String destination,
                            @Min(value = 0, message = "must be 0 or more")
                            @Schema(description = "The FIB the outer packets are routed in (`tunnelfib`). 0 when"
                                    + " absent.", defaultValue = "0")
                            Integer fib) {

    /**
     * The document's only, anchored (@NotBlank alone puts an unanchored {@code \S} there): IpAddress decides what
     * is an address, in words.
     */
    static final String ADDRESS = "^[0-9A-Fa-f:.]+$";
}

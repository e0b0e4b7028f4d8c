package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** {@code ifconfig gif0 tunnel SOURCE DESTINATION tunnelfib FIB}. */
public record TunnelRequest(@NotBlank(message = "is required") String source,
                            @NotBlank(message = "is required") String destination,
                            @Min(value = 0, message = "must be 0 or more") Integer fib) {
}

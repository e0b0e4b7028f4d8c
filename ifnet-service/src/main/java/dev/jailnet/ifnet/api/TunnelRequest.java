package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code ifconfig gif0 tunnel SOURCE DESTINATION tunnelfib FIB}. */
public record TunnelRequest(@NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters long") String source,
                            @NotBlank(message = "is required") @Size(max = 64, message = "must be at most 64 characters long")
                            String destination,
                            @Min(value = 0, message = "must be 0 or more") Integer fib) {
}

package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code ifconfig IF inet 10.0.0.2/24} or {@code inet6 2001:db8::2/64}. */
public record AddressRequest(@NotBlank(message = "is required")
                             @Size(max = 64, message = "must be at most 64 characters long") String address) {
}

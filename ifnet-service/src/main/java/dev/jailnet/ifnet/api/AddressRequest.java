package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;

/** {@code ifconfig IF inet 10.0.0.2/24} or {@code inet6 2001:db8::2/64}. */
public record AddressRequest(@NotBlank(message = "is required") String address) {
}

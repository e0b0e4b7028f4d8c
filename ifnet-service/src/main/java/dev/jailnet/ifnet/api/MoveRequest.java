package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code ifconfig IF vnet JAIL} / {@code -vnet JAIL}: the other VNET. */
public record MoveRequest(@NotBlank(message = "is required")
                          @Size(max = 64, message = "must be at most 64 characters long") String vnet) {
}

package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;

/** {@code ifconfig IF vnet JAIL} / {@code -vnet JAIL}: the other VNET. */
public record MoveRequest(@NotBlank(message = "is required") String vnet) {
}

package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code ifconfig CLONER create}: epair, gif, gre, vxlan, bridge or lo; a name such as "gif7" asks for a unit. */
public record CreateInterfaceRequest(@NotBlank(message = "is required")
                                     @Size(max = 16, message = "must be at most 16 characters long") String cloner,
                                     @Size(min = 1, max = 15, message = "must be 1 to 15 characters long") String name) {
}

package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code ifconfig CLONER create}: epair, gif, gre, vxlan, bridge or lo; a name such as "gif7" asks for a unit.
 * The patterns are the document's only: Cloners refuses in words that say more (anchored, as @NotBlank alone
 * would put an unanchored {@code \S} in the document).
 */
public record CreateInterfaceRequest(@NotBlank(message = "is required")
                                     @Size(max = 16, message = "must be at most 16 characters long")
                                     @Schema(enumeration = {"epair", "gif", "gre", "vxlan", "bridge", "lo"},
                                             pattern = "^(epair|gif|gre|vxlan|bridge|lo)$",
                                             description = "The cloner (`ifconfig -C`). A vxlan belongs to vnet0,"
                                                     + " its units counted there, wherever it is made.")
                                     String cloner,
                                     @Size(min = 1, max = 15, message = "must be 1 to 15 characters long")
                                     @Schema(pattern = "^[a-z]+[0-9]{1,5}$", description = "The unit asked for, as"
                                             + " the cloner's name and a unit number (`gif7`; `epair3` makes epair3a"
                                             + " and epair3b); the lowest free unit when absent.")
                                     String name) {
}

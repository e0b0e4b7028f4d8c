package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code ifconfig IF vnet JAIL} / {@code -vnet JAIL}: the other VNET. */
public record MoveRequest(@NotBlank(message = "is required")
                          @Size(max = 64, message = "must be at most 64 characters long")
                          // anchored: @NotBlank alone puts an unanchored "\S" in the document
                          @Schema(pattern = "^\\s*\\S[\\s\\S]*$", description = "The other VNET's id, below the"
                                  + " caller's in the VNET tree: the one the interface is loaned to, or the one it is"
                                  + " reclaimed from.", example = "vnet1")
                          String vnet) {
}

package dev.jailnet.jail.api;

import dev.jailnet.jail.domain.JailParameters;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@code jail -c name=web vnet persist}.
 *
 * @param name    1 to 64 letters, digits, '_', '-' or '.'; unique among live jails
 * @param vnet    the jail gets its own VNET ({@code PR_VNET}); otherwise it shares its parent's (vnet0 for the host's)
 * @param persist the jail lives without processes (one user reference); true when omitted
 * @param attach  the creating process enters the jail ({@code JAIL_ATTACH}, jail(8)'s {@code command}): its first
 *                process; a jail that is not persistent needs it
 * @param interfaces interfaces of the parent's VNET (the host's) loaned into the jail's VNET as it is created ({@code vnet.interface})
 * @param shutdown   how its VNET goes: {@code vnet_shutdown} (the default) or {@code legacy}, the old
 *                   one-pass teardown, kept for comparison
 * @param parent      the jail to create it in, by jid or name ({@code a.b} names {@code b} in {@code a} without it)
 * @param childrenMax {@code children.max}: how many descendants it may have (0 when absent)
 */
public record CreateJailRequest(
        @NotNull(message = "is required")
        @Size(min = 1, max = 64, message = "must be 1 to 64 characters long")
        @Pattern(regexp = "^[A-Za-z0-9_.-]*$", message = "may hold only letters, digits, '_', '-' and '.'")
        @Schema(description = "The jail's name, unique among live jails; not a number (that would read as a jid)."
                + " A dotted name `a.b` is the jail `b` in the live jail `a` (unless `parent` is given, when the name is"
                + " the child's own, or its full name); the full name is at most 64 characters long.",
                example = "web")
        String name,
        @Schema(description = "The jail gets its own VNET (`PR_VNET`); otherwise it shares its parent's network stack"
                + " (vnet0 for a jail of the host). False when absent.")
        Boolean vnet,
        @Schema(description = "The jail lives without processes (one user reference). True when absent.")
        Boolean persist,
        @Schema(description = "The creating process enters the jail, its first process; a jail that is not"
                + " persistent needs it. False when absent.")
        Boolean attach,
        @Size(max = 64, message = "may name at most 64 interfaces")
        @Schema(description = "Interfaces of the parent's VNET (the host's for a jail of the host) loaned into the"
                + " jail's VNET as it is made (`vnet.interface`).")
        List<@NotNull(message = "must not be null")
        @Pattern(regexp = "^[a-z][a-z0-9_.]{0,14}$", message = "is not an interface name (1 to 15 characters)")
                String> interfaces,
        @Pattern(regexp = "^(vnet_shutdown|legacy)$", message = "must be vnet_shutdown (the default) or legacy")
        @Schema(enumeration = {"vnet_shutdown", "legacy"}, defaultValue = "vnet_shutdown", description = "How the"
                + " VNET goes: `vnet_shutdown`, or `legacy`, the old one-pass teardown kept for comparison.")
        String shutdown,
        @Size(min = 1, max = 64, message = "must be 1 to 64 characters long")
        @Pattern(regexp = "^[A-Za-z0-9_.-]*$", message = "is a jid or a jail name: letters, digits, '_', '-' and '.'")
        @Schema(description = "The jail to create it in (its jid or name), which must be ALIVE and allow another"
                + " descendant (`children.max`). Absent: the jail its dotted name begins with, or the host.",
                example = "web")
        String parent,
        @Min(value = 0, message = "must be 0 or more")
        @Max(value = 999999, message = "must be at most 999999 (JAIL_MAX)")
        @Schema(description = "`children.max`: how many descendants (children, theirs, and so on) it may have; 0 when"
                + " absent, as in FreeBSD. A child's is less than its parent's.", example = "2")
        Integer childrenMax) {

    JailParameters parameters() {
        return new JailParameters(name, parent, wantsVnet(), wantsPersist(), wantsAttach(), interfacesOrNone(),
                wantsLegacyTeardown(), childrenMax == null ? 0 : childrenMax);
    }

    boolean wantsLegacyTeardown() {
        return "legacy".equals(shutdown);
    }

    List<String> interfacesOrNone() {
        return interfaces == null ? List.of() : interfaces;
    }

    boolean wantsVnet() {
        return Boolean.TRUE.equals(vnet);
    }

    boolean wantsPersist() {
        return persist == null || persist;
    }

    boolean wantsAttach() {
        return Boolean.TRUE.equals(attach);
    }
}

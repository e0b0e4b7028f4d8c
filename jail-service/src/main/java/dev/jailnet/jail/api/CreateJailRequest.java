package dev.jailnet.jail.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code jail -c name=web vnet persist}.
 *
 * @param name    1 to 64 letters, digits, '_', '-' or '.'; unique among live jails
 * @param vnet    the jail gets its own VNET ({@code PR_VNET}); otherwise it shares vnet0
 * @param persist the jail lives without processes (one user reference); true when omitted
 * @param attach  the creating process enters the jail ({@code JAIL_ATTACH}, jail(8)'s {@code command}): its first
 *                process; a jail that is not persistent needs it
 * @param interfaces host interfaces loaned into the jail's VNET as it is created ({@code vnet.interface})
 * @param shutdown   how its VNET goes: {@code vnet_shutdown} (the default) or {@code legacy}, the old
 *                   one-pass teardown, kept for comparison
 */
public record CreateJailRequest(
        @NotNull(message = "is required")
        @Size(min = 1, max = 64, message = "must be 1 to 64 characters long")
        @Pattern(regexp = "[A-Za-z0-9_.-]*", message = "may hold only letters, digits, '_', '-' and '.'")
        String name,
        Boolean vnet,
        Boolean persist,
        Boolean attach,
        @Size(max = 64, message = "may name at most 64 interfaces")
        List<@NotNull(message = "must not be null")
        @Pattern(regexp = "[a-z][a-z0-9_.]{0,14}", message = "is not an interface name (1 to 15 characters)")
                String> interfaces,
        @Pattern(regexp = "vnet_shutdown|legacy", message = "must be vnet_shutdown (the default) or legacy")
        String shutdown) {

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

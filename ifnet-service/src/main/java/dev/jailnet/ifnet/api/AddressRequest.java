package dev.jailnet.ifnet.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code ifconfig IF inet 10.0.0.2/24} or {@code inet6 2001:db8::2/64}. */
public record AddressRequest(@NotBlank(message = "is required")
                             @Size(max = 64, message = "must be at most 64 characters long")
                             // the document's only, anchored (@NotBlank alone puts an unanchored "\S" there);
                             // IpPrefix decides what is an address, in words
                             @Schema(pattern = "^[0-9A-Fa-f:.]+(%[a-z][a-z0-9]{0,14})?(/[0-9]{1,3})?$",
                                     description = "An IPv4 or IPv6 address with its prefix length after `/`; a bare"
                                     + " address is a host address (/32, /128). A link-local one (fe80::/64) is on the"
                                     + " interface's own link, which it may name after `%` (`fe80::2%epair0b/64`).",
                                     example = "10.0.0.2/24")
                             String address) {
}

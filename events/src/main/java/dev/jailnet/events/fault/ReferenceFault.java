package dev.jailnet.events.fault;

import dev.jailnet.events.Message;

/**
 * A reference that should not exist: what the kernel would meet as a use after free (a page fault). It is
 * recorded and reported, never a crash.
 */
public record ReferenceFault(String vnetId, String service, String description) implements Message {
}

package dev.jailnet.events.saga;

import java.util.Objects;

/**
 * What a step released, for the next step to apply: every reference of {@code kind} held by the objects of
 * {@code vnetId}, {@code count} of them. A summary, never a list, so that no message grows with the size of the
 * VNET: {@code vnet_shutdown} releases all of a kind at once, and the layer that applies it finds each one
 * in its own records.
 */
public record ReleasedReferences(ReferenceKind kind, String vnetId, int count) {

    public ReleasedReferences {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(vnetId, "vnetId");
    }
}

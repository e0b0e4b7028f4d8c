package dev.jailnet.messaging;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * Who is acting: the subject of the bearer token of the API call being served. A message handled off a
 * topic has no caller of its own; what it causes carries the actor of the message that caused it.
 */
@ApplicationScoped
public class Actors {

    private final Instance<SecurityIdentity> identity;

    public Actors(Instance<SecurityIdentity> identity) {
        this.identity = identity;
    }

    /** The caller of the API call this thread serves, if it serves one and the caller is known. */
    public Optional<String> current() {
        if (!Arc.container().requestContext().isActive()) {
            return Optional.empty();
        }
        SecurityIdentity caller = identity.get();
        return caller.isAnonymous() ? Optional.empty() : Optional.of(caller.getPrincipal().getName());
    }
}

package dev.jailnet.jail.store;

import dev.jailnet.messaging.Retention;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** What jail-service keeps only for a while: why a jail's VNET could not be made, for the requests that wait. */
@Dependent
class JailRetentions {

    @Produces
    static Retention creationFailures() {
        return new Retention("reasons of failed jail creations", Retention.Kind.FINISHED, """
                delete from creation_failure where jid in
                    (select jid from creation_failure where failed_at < ? limit ?)""");
    }
}

package dev.jailnet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;

/**
 * Between two records applied in one transaction (see {@code ConsumerLoop}): what the first handler changed is
 * written, and the next one reads the database rather than entities the first left in the persistence context,
 * as it would in a transaction of its own. A service without an ORM has nothing to detach.
 */
@ApplicationScoped
class PersistenceContexts {

    private final Instance<EntityManager> entityManagers;

    PersistenceContexts(Instance<EntityManager> entityManagers) {
        this.entityManagers = entityManagers;
    }

    void flushAndDetach() {
        if (entityManagers.isResolvable()) {
            EntityManager entityManager = entityManagers.get();
            entityManager.flush();
            entityManager.clear();
        }
    }
}

package dev.jailnet.routing.messaging;

import dev.jailnet.routing.domain.RoutingService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Creates vnet0's routing tables at start-up, before the consumers start. */
@ApplicationScoped
public class HostRoutingTables {

    void onStart(@Observes @Priority(5) StartupEvent event, RoutingService routing) {
        routing.initHost();
    }
}

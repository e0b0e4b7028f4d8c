package dev.jailnet.ifnet.messaging;

import dev.jailnet.ifnet.domain.IfnetService;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Attaches the host's interfaces at start-up, before the consumers start. */
@ApplicationScoped
public class HostInterfaces {

    void onStart(@Observes @Priority(5) StartupEvent event, IfnetService ifnet) {
        ifnet.attachHost();
    }
}

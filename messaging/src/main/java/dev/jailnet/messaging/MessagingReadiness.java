package dev.jailnet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the outbox relay and every consumer loop run. */
@Readiness
@ApplicationScoped
public class MessagingReadiness implements HealthCheck {

    private final MessagingLifecycle lifecycle;

    public MessagingReadiness(MessagingLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("jailnet-messaging").status(lifecycle.isHealthy()).build();
    }
}

package dev.jailnet.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the outbox relay and every consumer loop run, and no consumer is stalled by an outage (the
 * database unreachable). A partition stalled for another reason is reported, but the service stays ready.
 */
@Readiness
@ApplicationScoped
public class MessagingReadiness implements HealthCheck {

    private final MessagingLifecycle lifecycle;
    private final ConsumerStalls stalls;

    public MessagingReadiness(MessagingLifecycle lifecycle, ConsumerStalls stalls) {
        this.lifecycle = lifecycle;
        this.stalls = stalls;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("jailnet-messaging")
                .status(lifecycle.isHealthy() && !stalls.outage());
        stalls.current().forEach(stall -> response.withData(
                stall.consumer() + " " + stall.topic() + "-" + stall.partition() + "@" + stall.offset(),
                stall.failure() + " since " + stall.since() + ", " + stall.attempts() + " attempts: " + stall.reason()));
        return response.build();
    }
}

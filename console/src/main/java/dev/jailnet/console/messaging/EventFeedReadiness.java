package dev.jailnet.console.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the event feed reads its topics: before that, a page would not be told of a change. */
@Readiness
@ApplicationScoped
public class EventFeedReadiness implements HealthCheck {

    private final EventFeed feed;

    public EventFeedReadiness(EventFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("console event feed").status(feed.live()).build();
    }
}

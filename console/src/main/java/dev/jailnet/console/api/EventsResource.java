package dev.jailnet.console.api;

import dev.jailnet.console.messaging.ChangeNotice;
import dev.jailnet.console.messaging.EventFeed;
import dev.jailnet.events.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Server-sent events: a {@link ChangeNotice} for every record the services publish. The page reads the stream
 * with {@code fetch()}, which sends its bearer token in a header: the token never goes in a URL.
 */
@Path("/api/events")
@RolesAllowed({Roles.VIEWER, Roles.OPERATOR})
public class EventsResource {

    private final EventFeed feed;

    public EventsResource(EventFeed feed) {
        this.feed = feed;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ChangeNotice> events() {
        return feed.listen();
    }
}

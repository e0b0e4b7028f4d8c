package dev.jailnet.console.api;

import dev.jailnet.console.upstream.UpstreamFailure;
import dev.jailnet.problem.ProblemMappers;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A service the console needed could not give its part: 503 with {@code Retry-After} while it cannot be reached
 * (it is starting, or stopped) or says it is unavailable itself (its 503: its database cannot be reached), 502 when
 * it answered with another error; the detail names the service.
 */
public class UpstreamProblems {

    private static final Logger LOG = Logger.getLogger(UpstreamProblems.class);
    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response upstream(UpstreamFailure e, UriInfo uri) {
        LOG.warnf("%s: %s", uri.getPath(), e.getMessage());
        if (e.status() == 0 || e.status() == Response.Status.SERVICE_UNAVAILABLE.getStatusCode()) {
            return Response.fromResponse(ProblemMappers.problem(503, "Service Unavailable", e.getMessage(), uri,
                    null, null)).header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
        return ProblemMappers.problem(502, "Bad Gateway", e.getMessage(), uri, null, null);
    }
}

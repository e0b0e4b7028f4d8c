package dev.jailnet.access;

import dev.jailnet.events.Roles;
import dev.jailnet.problem.ProblemMappers;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A refused caller gets problem details like any other refusal: 401 with the RFC 6750 challenge when no
 * valid token came, 403 when the token's roles do not allow the change. Authentication is not proactive
 * (see the shared configuration), so both reach these mappers instead of Vert.x's empty answers.
 */
public class AccessProblems {

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e, UriInfo uri) {
        return challenge(ProblemMappers.problem(401, "Unauthorized",
                "a bearer token is required (Authorization: Bearer <token>)", uri, "Authorization", null),
                "Bearer realm=\"jailnet\"");
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e, UriInfo uri) {
        return challenge(ProblemMappers.problem(401, "Unauthorized",
                "the bearer token is not valid here (malformed, expired, or not signed by this system's key)", uri,
                "Authorization", null), "Bearer realm=\"jailnet\", error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return ProblemMappers.problem(403, "Forbidden",
                "the token's roles do not allow this; changes need the role '" + Roles.OPERATOR + "'", uri,
                "Authorization", null);
    }

    private static Response challenge(Response problem, String challenge) {
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }
}

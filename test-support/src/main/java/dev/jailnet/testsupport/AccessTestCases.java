package dev.jailnet.testsupport;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.instanceOf;

import dev.jailnet.access.VerifiedTokens;
import io.quarkus.arc.ClientProxy;
import io.smallrye.jwt.auth.principal.JWTParser;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * The access rules as test cases: a service's access test extends this (with {@code @QuarkusTest} and
 * {@code @ServiceTest}) and every operation of its OpenAPI document is checked (see {@link AccessRules}).
 */
public abstract class AccessTestCases {

    @Inject
    JWTParser parser;

    /** The refusals below pass through it: a request's token is checked by the verifier that keeps what passed. */
    @Test
    void requestTokensAreCheckedByTheVerifierThatKeepsThem() {
        assertThat(ClientProxy.unwrap(parser), instanceOf(VerifiedTokens.class));
    }

    @Test
    void refusesWithoutAValidToken() {
        AccessRules.holdOnEveryOperation(AccessRules::refusesWithoutAValidToken);
    }

    @Test
    void viewersReadAndDoNotChange() {
        AccessRules.holdOnEveryOperation(AccessRules::viewersReadAndDoNotChange);
    }

    @Test
    void operatorsAreLetThrough() {
        AccessRules.holdOnEveryOperation(AccessRules::operatorsAreLetThrough);
    }

    @Test
    void theDocumentDeclaresTheRefusals() {
        AccessRules.holdOnEveryOperation(AccessRules::documentDeclaresTheRefusals);
    }
}

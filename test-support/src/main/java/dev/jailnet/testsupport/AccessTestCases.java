package dev.jailnet.testsupport;

import org.junit.jupiter.api.Test;

/**
 * The access rules as test cases: a service's access test extends this (with {@code @QuarkusTest} and
 * {@code @ServiceTest}) and every operation of its OpenAPI document is checked (see {@link AccessRules}).
 */
public abstract class AccessTestCases {

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

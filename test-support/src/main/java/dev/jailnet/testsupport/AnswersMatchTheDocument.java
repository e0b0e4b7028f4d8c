package dev.jailnet.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before each {@code @QuarkusTest} method: every answer REST Assured receives from the service under test is
 * validated against the service's own OpenAPI document (see {@link ServedContract}). Runs in the test's class
 * loader, where its REST Assured is.
 */
public class AnswersMatchTheDocument implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (RestAssured.filters().stream().noneMatch(ServedContract.Filter.class::isInstance)) {
            RestAssured.filters(new ServedContract.Filter());
        }
    }
}

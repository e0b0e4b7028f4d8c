package dev.jailnet.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Before each {@code @QuarkusTest} method: REST Assured calls carry an operator's token unless a test says
 * otherwise ({@code given().auth().none()}, or {@code .auth().oauth2(Tokens.viewer())}). Runs in the test's
 * own class loader, where its REST Assured is.
 */
public class OperatorByDefault implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(Tokens.operator());
    }
}

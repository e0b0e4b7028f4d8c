package dev.jailnet.routing.api;

import dev.jailnet.testsupport.AccessTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call each of routing-service's operations. */
@QuarkusTest
@ServiceTest
class RoutingAccessTest extends AccessTestCases {
}

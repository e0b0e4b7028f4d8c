package dev.jailnet.ifnet.api;

import dev.jailnet.testsupport.AccessTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call each of ifnet-service's operations. */
@QuarkusTest
@ServiceTest
class IfnetAccessTest extends AccessTestCases {
}

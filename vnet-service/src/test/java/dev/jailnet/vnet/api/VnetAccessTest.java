package dev.jailnet.vnet.api;

import dev.jailnet.testsupport.AccessTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call each of vnet-service's operations. */
@QuarkusTest
@ServiceTest
class VnetAccessTest extends AccessTestCases {
}

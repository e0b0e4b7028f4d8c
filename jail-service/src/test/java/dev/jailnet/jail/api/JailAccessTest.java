package dev.jailnet.jail.api;

import dev.jailnet.testsupport.AccessTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** Who may call each of jail-service's operations. */
@QuarkusTest
@ServiceTest
class JailAccessTest extends AccessTestCases {
}

package dev.jailnet.jail.api;

import dev.jailnet.testsupport.ContractTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** jail-service's OpenAPI document, and its operations' answers to right and wrong requests. */
@QuarkusTest
@ServiceTest
class JailContractTest extends ContractTestCases {
}

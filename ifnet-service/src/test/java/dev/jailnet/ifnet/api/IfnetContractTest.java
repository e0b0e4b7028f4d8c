package dev.jailnet.ifnet.api;

import dev.jailnet.testsupport.ContractTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** ifnet-service's OpenAPI document, and its operations' answers to right and wrong requests. */
@QuarkusTest
@ServiceTest
class IfnetContractTest extends ContractTestCases {
}

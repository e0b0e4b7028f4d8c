package dev.jailnet.vnet.api;

import dev.jailnet.testsupport.ContractTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** vnet-service's OpenAPI document, and its operations' answers to right and wrong requests. */
@QuarkusTest
@ServiceTest
class VnetContractTest extends ContractTestCases {
}

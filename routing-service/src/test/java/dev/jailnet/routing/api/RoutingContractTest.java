package dev.jailnet.routing.api;

import dev.jailnet.testsupport.ContractTestCases;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;

/** routing-service's OpenAPI document, and its operations' answers to right and wrong requests. */
@QuarkusTest
@ServiceTest
class RoutingContractTest extends ContractTestCases {
}

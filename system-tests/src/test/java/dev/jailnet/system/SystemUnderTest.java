package dev.jailnet.system;

import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.localstack.TopicWatcher;
import dev.jailnet.testsupport.Tokens;
import io.restassured.RestAssured;

/** A running jailnet, however it was started: the scenarios are written once against this. */
public interface SystemUnderTest extends AutoCloseable {

    String url(Service service);

    String kafkaBootstrap();

    /**
     * An operator's token this system accepts. Every system of a test run trusts the one key of
     * {@link Tokens}, and REST Assured sends such a token by default ({@link #authenticateRestAssured}).
     */
    default String operatorToken() {
        return Tokens.operator();
    }

    /** The standard jail built on this system; {@code jailEvents} must watch the jail events. */
    default StandardJail standardJail(TopicWatcher jailEvents) {
        return new StandardJail(new StandardJail.Endpoints(url(Service.JAIL), url(Service.VNET), url(Service.IFNET),
                url(Service.ROUTING)), jailEvents, operatorToken());
    }

    /** The test run's REST Assured calls carry an operator's token unless a test says otherwise. */
    static void authenticateRestAssured() {
        RestAssured.authentication = RestAssured.oauth2(Tokens.operator());
    }

    @Override
    void close();
}

package dev.jailnet.system;

import dev.jailnet.cli.Service;

/** A running jailnet, however it was started: the scenarios are written once against this. */
public interface SystemUnderTest extends AutoCloseable {

    String url(Service service);

    String kafkaBootstrap();

    @Override
    void close();
}

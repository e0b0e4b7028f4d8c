package dev.jailnet.system;

import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.localstack.TopicWatcher;

/** A running jailnet, however it was started: the scenarios are written once against this. */
public interface SystemUnderTest extends AutoCloseable {

    String url(Service service);

    String kafkaBootstrap();

    /** The standard jail built on this system; {@code jailEvents} must watch the jail events. */
    default StandardJail standardJail(TopicWatcher jailEvents) {
        return new StandardJail(new StandardJail.Endpoints(url(Service.JAIL), url(Service.VNET), url(Service.IFNET),
                url(Service.ROUTING)), jailEvents);
    }

    @Override
    void close();
}

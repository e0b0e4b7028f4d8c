package dev.jailnet.console.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** Where the console finds the four services, and how much of a VNET it draws. */
@ConfigMapping(prefix = "jailnet.console")
public interface ConsoleConfig {

    /** The services' base URLs; the defaults are where {@code jailnet up} serves them. */
    Services services();

    /**
     * The most objects of each kind (interfaces, nexthops, routes, subscriptions) a VNET's graph holds: a page
     * cannot draw a million routes, and the answer says when there were more.
     */
    @WithDefault("200")
    int graphLimit();

    /** How long a service may take to answer one of the console's calls. */
    @WithDefault("PT10S")
    Duration callTimeout();

    interface Services {

        @WithDefault("http://localhost:8081")
        URI jail();

        @WithDefault("http://localhost:8082")
        URI vnet();

        @WithDefault("http://localhost:8083")
        URI ifnet();

        @WithDefault("http://localhost:8084")
        URI routing();
    }
}

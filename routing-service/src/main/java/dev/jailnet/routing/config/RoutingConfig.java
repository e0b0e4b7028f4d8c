package dev.jailnet.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "jailnet.routing")
public interface RoutingConfig {

    /** {@code net.fibs}: routing tables per address family in every VNET. */
    @WithDefault("1")
    int fibs();
}

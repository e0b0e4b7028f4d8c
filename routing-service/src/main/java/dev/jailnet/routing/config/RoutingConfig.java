package dev.jailnet.routing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "jailnet.routing")
public interface RoutingConfig {

    /**
     * Routes a bulk load applies in one transaction: large enough that a route costs a few rows' work, small
     * enough that a shutdown waiting for the VNET's lock waits for one chunk only.
     */
    @WithDefault("1000")
    int bulkChunk();
}

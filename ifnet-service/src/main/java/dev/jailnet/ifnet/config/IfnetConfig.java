package dev.jailnet.ifnet.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;

@ConfigMapping(prefix = "jailnet.ifnet")
public interface IfnetConfig {

    /** The host's physical NICs, present in vnet0 from the start. */
    @WithDefault("em0,em1")
    List<String> hostInterfaces();
}

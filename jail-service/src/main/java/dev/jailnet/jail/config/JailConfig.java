package dev.jailnet.jail.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "jailnet.jail")
public interface JailConfig {

    /** {@code JAIL_MAX}: jids run from 1 to this and then wrap, skipping the ones in use. */
    @WithDefault("999999")
    int maxJid();
}

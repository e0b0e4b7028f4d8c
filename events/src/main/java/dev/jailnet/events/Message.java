package dev.jailnet.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An event or a command. Every message concerns one VNET (or the host's {@code vnet0}), and that VNET's
 * id is its record key, so that per-VNET order holds within a topic.
 */
public interface Message {

    String vnetId();

    @JsonIgnore
    default String key() {
        return vnetId();
    }
}

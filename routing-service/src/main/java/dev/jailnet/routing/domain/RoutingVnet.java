package dev.jailnet.routing.domain;

import dev.jailnet.messaging.LayerVnet;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A VNET as the routing layer knows it: from {@code vnet_rtables_init} to {@code rtables_destroy}. */
@Entity
@Table(name = "vnet")
public class RoutingVnet extends LayerVnet {

    protected RoutingVnet() {
    }

    public RoutingVnet(String vnetId, Instant now) {
        super(vnetId, now);
    }
}

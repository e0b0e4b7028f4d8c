package dev.jailnet.routing.domain;

import dev.jailnet.messaging.LayerVnet;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A VNET as the routing layer knows it: from {@code vnet_rtables_init} to {@code rtables_destroy}. */
@Entity
@Table(name = "vnet")
public class RoutingVnet extends LayerVnet {

    protected RoutingVnet() {
    }
}

package dev.jailnet.ifnet.domain;

import dev.jailnet.messaging.LayerVnet;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A VNET as the interface layer knows it: attached by {@code vnet_loif_init}, gone after its uninit. */
@Entity
@Table(name = "vnet")
public class IfnetVnet extends LayerVnet {

    protected IfnetVnet() {
    }

    public IfnetVnet(String vnetId, Instant now) {
        super(vnetId, now);
    }
}

package dev.jailnet.ifnet.domain;

import dev.jailnet.messaging.LayerVnet;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A VNET as the interface layer knows it: attached by {@code vnet_loif_init}, gone after its uninit. */
@Entity
@Table(name = "vnet")
public class IfnetVnet extends LayerVnet {

    /**
     * The VNET this one was made from (its jail's parent jail's): where {@code vnet.interface} takes the interfaces
     * from, and the next step up the tree that loans and reclaims must stay below. None for vnet0, the root.
     */
    @Column(name = "parent_vnet_id")
    private String parentVnetId;

    protected IfnetVnet() {
    }
}

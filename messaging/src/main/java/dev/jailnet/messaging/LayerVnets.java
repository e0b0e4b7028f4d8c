package dev.jailnet.messaging;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A participant layer's VNET row ({@link LayerVnet}: the {@code vnet} table of the service's schema) changed by one
 * plain statement on the transaction's connection, where through the ORM it was a load and then an update. Run where
 * the persistence context holds no change of that row.
 */
@ApplicationScoped
public class LayerVnets {

    private final SqlValues values;

    public LayerVnets(SqlValues values) {
        this.values = values;
    }

    /**
     * {@code vnet_shutdown}'s freeze: nothing new is created in the VNET, late events for it are ignored. A VNET
     * frozen already, or one the layer does not know, is left as it is.
     */
    public void freeze(String vnetId) {
        values.update("update vnet set state = ? where vnet_id = ? and state = ?",
                LayerVnet.State.SHUTTING_DOWN.name(), vnetId, LayerVnet.State.ALIVE.name());
    }
}

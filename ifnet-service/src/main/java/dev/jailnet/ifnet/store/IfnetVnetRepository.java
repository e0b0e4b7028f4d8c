package dev.jailnet.ifnet.store;

import dev.jailnet.ifnet.domain.IfnetVnet;
import dev.jailnet.messaging.LayerVnet;
import dev.jailnet.messaging.SqlValues;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;

@ApplicationScoped
public class IfnetVnetRepository implements PanacheRepositoryBase<IfnetVnet, String> {

    private final SqlValues values;

    public IfnetVnetRepository(SqlValues values) {
        this.values = values;
    }

    /**
     * {@code vnet_loif_init}'s record of the VNET, made from {@code parentVnetId} (none for vnet0), ALIVE; a repeat
     * finds it there and changes nothing. One statement (through the ORM, a load and then an insert).
     */
    public void attach(String vnetId, String parentVnetId, Instant now) {
        values.update("""
                insert into vnet (vnet_id, parent_vnet_id, state, attached_at) values (?, ?, ?, ?)
                on conflict do nothing""", vnetId, parentVnetId, LayerVnet.State.ALIVE.name(), Timestamp.from(now));
    }

    /** The VNET is gone from the interface layer (a repeat finds nothing to delete). One statement, nothing loaded. */
    public void forget(String vnetId) {
        values.update("delete from vnet where vnet_id = ?", vnetId);
    }

    /**
     * True when {@code ancestor} is {@code vnetId}'s parent, or its parent's parent, and so on up the tree, as
     * {@code prison_find_child} looks among a jail's descendants. One statement however deep the tree; a VNET's parent
     * never changes once it is recorded, so no lock is needed.
     */
    public boolean isBelow(String vnetId, String ancestor) {
        return (Boolean) getEntityManager().createNativeQuery("""
                        with recursive above(vnet_id) as (
                            select parent_vnet_id from vnet where vnet_id = ?1
                            union
                            select v.parent_vnet_id from vnet v join above a on v.vnet_id = a.vnet_id)
                        select exists (select 1 from above where vnet_id = ?2)""")
                .setParameter(1, vnetId).setParameter(2, ancestor).getSingleResult();
    }
}

package dev.jailnet.ifnet.store;

import dev.jailnet.ifnet.domain.IfnetVnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class IfnetVnetRepository implements PanacheRepositoryBase<IfnetVnet, String> {

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

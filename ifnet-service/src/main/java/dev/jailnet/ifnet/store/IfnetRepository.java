package dev.jailnet.ifnet.store;

import dev.jailnet.ifnet.domain.IfKind;
import dev.jailnet.ifnet.domain.IfState;
import dev.jailnet.ifnet.domain.Ifnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
public class IfnetRepository implements PanacheRepositoryBase<Ifnet, Integer> {

    public List<Ifnet> inVnet(String vnetId, boolean withTombstones) {
        return withTombstones
                ? list("vnet = ?1 order by index", vnetId)
                : list("vnet = ?1 and state = ?2 order by index", vnetId, IfState.ATTACHED);
    }

    public Optional<Ifnet> byName(String vnetId, String name) {
        return find("vnet = ?1 and name = ?2 and state = ?3", vnetId, name, IfState.ATTACHED).firstResultOptional();
    }

    /** Units of a cloner in use in its home VNET, wherever the interfaces are now. */
    public Set<Integer> unitsInUse(IfKind kind, String homeVnet) {
        return new HashSet<>(getEntityManager().createQuery(
                        "select i.unit from Ifnet i where i.kind = ?1 and i.homeVnet = ?2 and i.state = ?3", Integer.class)
                .setParameter(1, kind).setParameter(2, homeVnet).setParameter(3, IfState.ATTACHED).getResultList());
    }

    /** Serialises unit allocation of one cloner, as {@code ifc_alloc_unit} does, until the transaction ends. */
    public void lockCloner(IfKind kind, String homeVnet) {
        getEntityManager().createNativeQuery("select count(*) from (select pg_advisory_xact_lock(hashtext("
                        + "current_schema() || ':cloner:' || ?1))) as locked")
                .setParameter(1, kind.name() + "@" + homeVnet).getSingleResult();
    }

    public Optional<Ifnet> addressOwner(String vnetId, String address) {
        return find("select i from Ifnet i join i.addresses a where i.vnet = ?1 and a.address = ?2", vnetId, address)
                .firstResultOptional();
    }

    public int nextIndex() {
        return ((Number) getEntityManager().createNativeQuery("select nextval('if_index_seq')").getSingleResult())
                .intValue();
    }
}

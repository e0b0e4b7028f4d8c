package dev.jailnet.ifnet.store;

import dev.jailnet.ifnet.domain.Ifnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class IfnetRepository implements PanacheRepositoryBase<Ifnet, Integer> {

    public List<Ifnet> inVnet(String vnetId) {
        return list("vnet = ?1 order by index", vnetId);
    }

    public Optional<Ifnet> byName(String vnetId, String name) {
        return find("vnet = ?1 and name = ?2", vnetId, name).firstResultOptional();
    }

    public int nextIndex() {
        return ((Number) getEntityManager().createNativeQuery("select nextval('if_index_seq')").getSingleResult())
                .intValue();
    }
}

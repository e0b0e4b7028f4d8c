package dev.jailnet.routing.store;

import dev.jailnet.routing.domain.RtIfnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

@ApplicationScoped
public class RtIfnetRepository implements PanacheRepositoryBase<RtIfnet, RtIfnet.Key> {

    public Optional<RtIfnet> find(String vnetId, int ifIndex) {
        return findByIdOptional(new RtIfnet.Key(vnetId, ifIndex));
    }

    public Optional<RtIfnet> byName(String vnetId, String name) {
        return find("vnetId = ?1 and name = ?2", vnetId, name).firstResultOptional();
    }
}

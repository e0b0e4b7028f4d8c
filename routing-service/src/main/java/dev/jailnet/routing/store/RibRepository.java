package dev.jailnet.routing.store;

import dev.jailnet.events.net.IpFamily;
import dev.jailnet.routing.domain.Rib;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import java.util.Collection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class RibRepository implements PanacheRepositoryBase<Rib, Long> {

    public List<Rib> inVnet(String vnetId) {
        return list("vnetId = ?1 order by fib, family", vnetId);
    }

    public Optional<Rib> find(String vnetId, int fib, IpFamily family) {
        return find("vnetId = ?1 and fib = ?2 and family = ?3", vnetId, fib, family).firstResultOptional();
    }

    public List<Rib> inVnets(Collection<String> vnetIds) {
        return list("vnetId in ?1", vnetIds);
    }
}

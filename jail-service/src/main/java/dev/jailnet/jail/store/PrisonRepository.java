package dev.jailnet.jail.store;

import dev.jailnet.jail.domain.Prison;
import dev.jailnet.jail.domain.PrisonState;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

@ApplicationScoped
public class PrisonRepository implements PanacheRepositoryBase<Prison, Integer> {

    public Optional<Prison> findLiveByName(String name) {
        return find("name = ?1 and state <> ?2", name, PrisonState.DYING).firstResultOptional();
    }

    public List<Prison> list(boolean includeDying) {
        return includeDying ? list("order by jid") : list("state <> ?1 order by jid", PrisonState.DYING);
    }

    public long nextValue(String sequence) {
        return ((Number) getEntityManager().createNativeQuery("select nextval('" + sequence + "')")
                .getSingleResult()).longValue();
    }
}

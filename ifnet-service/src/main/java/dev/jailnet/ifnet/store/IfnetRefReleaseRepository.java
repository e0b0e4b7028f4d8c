package dev.jailnet.ifnet.store;

import dev.jailnet.ifnet.domain.IfnetRefRelease;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class IfnetRefReleaseRepository implements PanacheRepositoryBase<IfnetRefRelease, String> {
}

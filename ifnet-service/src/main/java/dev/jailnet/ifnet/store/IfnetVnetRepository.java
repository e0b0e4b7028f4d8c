package dev.jailnet.ifnet.store;

import dev.jailnet.ifnet.domain.IfnetVnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class IfnetVnetRepository implements PanacheRepositoryBase<IfnetVnet, String> {
}

package dev.jailnet.routing.store;

import dev.jailnet.routing.domain.RoutingVnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class RoutingVnetRepository implements PanacheRepositoryBase<RoutingVnet, String> {
}

package dev.jailnet.vnet.store;

import dev.jailnet.vnet.domain.Vnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class VnetRepository implements PanacheRepositoryBase<Vnet, String> {

    public List<Vnet> listAll() {
        return list("order by createdAt, vnetId");
    }
}

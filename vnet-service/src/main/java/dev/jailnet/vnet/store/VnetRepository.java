package dev.jailnet.vnet.store;

import dev.jailnet.vnet.domain.Vnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import dev.jailnet.problem.Pages;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class VnetRepository implements PanacheRepositoryBase<Vnet, String> {

    /** In creation order after {@code after} (from the start when null), at most {@code count}. */
    public List<Vnet> list(Pages.After after, int count) {
        return (after == null ? find("order by createdAt, vnetId")
                : find("createdAt > ?1 or (createdAt = ?1 and vnetId > ?2) order by createdAt, vnetId", after.at(),
                        after.id())).range(0, count - 1).list();
    }
}

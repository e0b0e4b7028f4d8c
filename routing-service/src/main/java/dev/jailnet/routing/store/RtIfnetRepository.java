package dev.jailnet.routing.store;

import dev.jailnet.messaging.LayerVnet;
import dev.jailnet.routing.domain.RtIfnet;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import org.hibernate.Session;

/**
 * The interfaces routing knows per VNET. Their arrivals and departures, one per interface event, are each one
 * statement: what they check and what they change are read and written together, never loaded.
 */
@ApplicationScoped
public class RtIfnetRepository implements PanacheRepositoryBase<RtIfnet, RtIfnet.Key> {

    public Optional<RtIfnet> byName(String vnetId, String name) {
        return find("vnetId = ?1 and name = ?2", vnetId, name).firstResultOptional();
    }

    /**
     * Learns that an interface arrived, unless its VNET is frozen (late events create nothing in it) or routing
     * knows it there already.
     */
    public void arrived(String vnetId, int ifIndex, String name) {
        getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into ifnet (vnet_id, if_index, name)
                    select ?, ?, ? where not exists (select 1 from vnet where vnet_id = ? and state <> ?)
                    on conflict do nothing""")) {
                insert.setString(1, vnetId);
                insert.setInt(2, ifIndex);
                insert.setString(3, name);
                insert.setString(4, vnetId);
                insert.setString(5, LayerVnet.State.ALIVE.name());
                insert.executeUpdate();
            }
        });
    }

    /**
     * Forgets an interface that left a VNET; true when the VNET is ALIVE, the only kind whose routes through the
     * interface are searched (a frozen VNET's are flushed all at once by RIB_FLUSH; an unknown one has none).
     */
    public boolean departed(String vnetId, int ifIndex) {
        return getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement forget = connection.prepareStatement("""
                    with forgotten as (delete from ifnet where vnet_id = ? and if_index = ?)
                    select exists (select 1 from vnet where vnet_id = ? and state = ?)""")) {
                forget.setString(1, vnetId);
                forget.setInt(2, ifIndex);
                forget.setString(3, vnetId);
                forget.setString(4, LayerVnet.State.ALIVE.name());
                try (ResultSet row = forget.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }
}

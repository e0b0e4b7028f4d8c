package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;

/** Remembers which messages a consumer has processed, in the transaction of the effect. */
@ApplicationScoped
public class Inbox {

    /*
     * The advisory lock on the record key (the VNET) serialises, within a service, every consumer's work on
     * one VNET: handlers of different topics then never interleave on its rows (nor deadlock on them).
     */
    private static final String CLAIM = """
            with vnet_lock as (select pg_advisory_xact_lock(hashtext(current_schema() || ':vnet:' || ?)))
            insert into inbox (consumer, message_id) select ?, ? from vnet_lock on conflict do nothing""";

    private final AgroalDataSource dataSource;

    public Inbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True the first time a consumer sees a message id, false for a redelivery. */
    public boolean claim(String consumer, UUID messageId, String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(CLAIM)) {
            insert.setString(1, key);
            insert.setString(2, consumer);
            insert.setObject(3, messageId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record message " + messageId + " in the inbox", e);
        }
    }
}

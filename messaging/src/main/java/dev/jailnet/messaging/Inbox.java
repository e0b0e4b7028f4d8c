package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.UUID;

/** Remembers which messages a consumer has processed, in the transaction of the effect. */
@ApplicationScoped
public class Inbox {

    /*
     * The claim takes the write lock of the record key's VNET (see VnetLocks): within a service, every
     * consumer's work and every REST write on one VNET are serialised, so handlers of different topics never
     * interleave on its rows (nor deadlock on them), and a request never slips between two saga steps.
     */
    static final String CLAIM = "with vnet_lock as (select " + VnetLocks.LOCK + ")"
            + " insert into inbox (consumer, message_id) select ?, ? from vnet_lock on conflict do nothing";

    private final AgroalDataSource dataSource;
    private final VnetCommits commits;

    public Inbox(AgroalDataSource dataSource, VnetCommits commits) {
        this.dataSource = dataSource;
        this.commits = commits;
    }

    /** True the first time a consumer sees a message id, false for a redelivery. */
    public boolean claim(String consumer, UUID messageId, String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(CLAIM)) {
            insert.setString(1, key);
            insert.setString(2, consumer);
            insert.setObject(3, messageId);
            boolean first = insert.executeUpdate() == 1;
            if (first) {
                commits.writing(Collections.singleton(key));
            }
            return first;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record message " + messageId + " in the inbox", e);
        }
    }
}

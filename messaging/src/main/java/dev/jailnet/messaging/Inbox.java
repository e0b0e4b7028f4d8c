package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
    /*
     * Several messages claimed together: the locks of all their VNETs first (the insert reads the lock's one row,
     * which exists only once every lock is held), then one entry per message; an id twice among them is claimed
     * once, and the ids returned are those seen for the first time.
     */
    static final String CLAIM_ALL = "with vnet_lock as (" + VnetLocks.LOCK_ALL + ")"
            + " insert into inbox (consumer, message_id) select ?, m.id"
            + " from vnet_lock, unnest(cast(? as uuid[])) as m(id) on conflict do nothing returning message_id";

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

    /**
     * Claims the messages together, in one round trip, after taking the write locks of all their VNETs: the ids of
     * those the consumer sees for the first time. One message, the most common case, is claimed as {@link #claim}
     * does: plain parameters, whose plan costs less than the arrays'.
     */
    public Set<UUID> claimAll(String consumer, List<Envelope> messages) {
        if (messages.size() == 1) {
            Envelope message = messages.get(0);
            return claim(consumer, message.id(), message.key()) ? Set.of(message.id()) : Set.of();
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(CLAIM_ALL)) {
            insert.setArray(1, connection.createArrayOf("text",
                    messages.stream().map(Envelope::key).distinct().toArray()));
            insert.setString(2, consumer);
            insert.setArray(3, connection.createArrayOf("uuid", messages.stream().map(Envelope::id).toArray()));
            Set<UUID> first = new HashSet<>();
            try (ResultSet claimed = insert.executeQuery()) {
                while (claimed.next()) {
                    first.add(claimed.getObject(1, UUID.class));
                }
            }
            commits.writing(messages.stream().filter(m -> first.contains(m.id())).map(Envelope::key).toList());
            return first;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + messages.size() + " messages in the inbox (the first "
                    + messages.get(0).id() + ")", e);
        }
    }
}

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

    private static final String CLAIM = """
            insert into inbox (consumer, message_id) values (?, ?) on conflict do nothing""";

    private final AgroalDataSource dataSource;

    public Inbox(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** True the first time a consumer sees a message id, false for a redelivery. */
    public boolean claim(String consumer, UUID messageId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(CLAIM)) {
            insert.setString(1, consumer);
            insert.setObject(2, messageId);
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record message " + messageId + " in the inbox", e);
        }
    }
}

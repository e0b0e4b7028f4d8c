package dev.jailnet.messaging;

import dev.jailnet.events.EventCodec;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/**
 * A participant's memory of the replies it gave, per saga and step, written with the step's effect and the reply
 * itself ({@link Outbox#replyRemembered}).
 */
@ApplicationScoped
public class StepReplies {

    private final AgroalDataSource dataSource;

    public StepReplies(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<SagaReply> find(UUID sagaId, SagaStep step) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select reply from saga_step_reply where saga_id = ? and step = ?")) {
            select.setObject(1, sagaId);
            select.setString(2, step.name());
            try (ResultSet rows = select.executeQuery()) {
                return rows.next()
                        ? Optional.of(EventCodec.decodePayload(new String(rows.getBytes(1), StandardCharsets.UTF_8),
                        SagaReply.class))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the reply to " + step + " of saga " + sagaId, e);
        }
    }
}

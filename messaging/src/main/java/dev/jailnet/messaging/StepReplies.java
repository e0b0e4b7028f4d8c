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
 * itself ({@link Outbox#replyRemembered}) as the transaction commits; until then the outbox holds it, and
 * {@link #find} looks there first (two attempts of a step may be applied in one transaction).
 */
@ApplicationScoped
public class StepReplies {

    private final AgroalDataSource dataSource;
    private final Outbox outbox;

    public StepReplies(AgroalDataSource dataSource, Outbox outbox) {
        this.dataSource = dataSource;
        this.outbox = outbox;
    }

    public Optional<SagaReply> find(UUID sagaId, SagaStep step) {
        Optional<SagaReply> notWritten = outbox.rememberedNotWritten(sagaId, step);
        if (notWritten.isPresent()) {
            return notWritten;
        }
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

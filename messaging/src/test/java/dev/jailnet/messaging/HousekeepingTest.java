package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class HousekeepingTest {

    @Inject
    Housekeeping housekeeping;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MessagingConfig config;

    @Test
    void whatEndedLongerAgoThanItsRetentionIsPurgedInBatchesAndTheRestIsKept() throws SQLException {
        Instant now = Instant.now();
        String consumer = "housekeeping-test-" + UUID.randomUUID();
        Duration inbox = config.retention().inbox();
        Duration finished = config.retention().finished();
        int old = config.retention().batchSize() * 2 + 7;
        for (int i = 0; i < old; i++) {
            processed(consumer, now.minus(inbox).minus(Duration.ofHours(1)));
        }
        UUID recent = processed(consumer, now.minus(inbox).plus(Duration.ofHours(1)));
        UUID oldSaga = reply(now.minus(finished).minus(Duration.ofMinutes(1)));
        UUID newSaga = reply(now.minus(finished).plus(Duration.ofMinutes(1)));

        var purged = housekeeping.run(now);

        assertThat(purged.get("processed message ids")).isGreaterThanOrEqualTo(old);
        assertThat(count("select count(*) from inbox where consumer = '" + consumer + "'")).isEqualTo(1);
        assertThat(count("select count(*) from inbox where message_id = '" + recent + "'")).isEqualTo(1);
        assertThat(count("select count(*) from saga_step_reply where saga_id = '" + oldSaga + "'")).isZero();
        assertThat(count("select count(*) from saga_step_reply where saga_id = '" + newSaga + "'")).isEqualTo(1);
    }

    private UUID processed(String consumer, Instant at) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into inbox (consumer, message_id, processed_at) values (?, ?, ?)")) {
            insert.setString(1, consumer);
            insert.setObject(2, id);
            insert.setTimestamp(3, Timestamp.from(at));
            insert.executeUpdate();
        }
        return id;
    }

    private UUID reply(Instant at) throws SQLException {
        UUID saga = UUID.randomUUID();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into saga_step_reply (saga_id, step, reply, created_at) values (?, 'FREEZE', '{}', ?)")) {
            insert.setObject(1, saga);
            insert.setTimestamp(2, Timestamp.from(at));
            insert.executeUpdate();
        }
        return saga;
    }

    private int count(String query) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(query);
             ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

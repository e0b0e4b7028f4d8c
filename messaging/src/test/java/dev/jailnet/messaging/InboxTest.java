package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jailnet.events.Envelope;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class InboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;

    /*
     * The claim's cost that matters after a checkpoint: the first change of an index page writes the whole page
     * to the WAL. Claims of messages made one after another must land on the right edge of the consumer's range
     * of the inbox's key, not on a random page of it (with random ids, ~2 of 3 claims wrote a full page).
     */
    @Test
    void claimsOfNewMessagesWriteNoFullPagesOfAnInboxThatHoldsManyAfterACheckpoint() throws Exception {
        String consumer = "inbox-test-" + UUID.randomUUID();
        String key = "vnet-inbox-test";
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement earlier = connection.prepareStatement(
                    "insert into inbox (consumer, message_id) select ?, unnest(?)")) {
                earlier.setString(1, consumer);
                earlier.setArray(2, connection.createArrayOf("uuid", messageIds(30_000)));
                earlier.executeUpdate();
            }
            try (Statement checkpoint = connection.createStatement()) {
                checkpoint.execute("checkpoint");
            }

            long fullPages = 0;
            connection.setAutoCommit(false);
            try (PreparedStatement claim = connection.prepareStatement(
                    "explain (analyze, wal, costs off, timing off, format json) " + Inbox.CLAIM)) {
                for (Object id : messageIds(500)) {
                    claim.setString(1, key);
                    claim.setString(2, consumer);
                    claim.setObject(3, id);
                    try (ResultSet plan = claim.executeQuery()) {
                        plan.next();
                        JsonNode top = JSON.readTree(plan.getString(1)).get(0).get("Plan");
                        fullPages += top.get("WAL FPI").asLong();
                    }
                    connection.commit();
                }
            }

            assertThat(count(connection, consumer)).isEqualTo(30_500);
            // the right edge's leaf, the heap's last page and a split's new pages: a handful, against ~300
            assertThat(fullPages).as("full pages written by 500 claims").isLessThan(25);
        }
    }

    private static Object[] messageIds(int count) {
        return Stream.generate(() -> Envelope.of(new SagaCommand("vnet-inbox-test", SagaStep.LOIF_INIT, 1)).id())
                .limit(count).toArray();
    }

    private static long count(Connection connection, String consumer) throws Exception {
        try (PreparedStatement count = connection.prepareStatement("select count(*) from inbox where consumer = ?")) {
            count.setString(1, consumer);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}

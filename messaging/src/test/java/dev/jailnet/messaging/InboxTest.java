package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jailnet.events.Envelope;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class InboxTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Inbox inbox;

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

    @Test
    void messagesClaimedTogetherAreClaimedOnceEachWithTheLocksOfAllTheirVnetsHeld() throws Exception {
        String consumer = "inbox-test-" + UUID.randomUUID();
        Envelope a = message("vnet-inbox-a");
        Envelope b = message("vnet-inbox-b");
        Envelope seen = message("vnet-inbox-b");
        QuarkusTransaction.requiringNew().run(() -> inbox.claim(consumer, seen.id(), seen.key()));

        long[] locksHeld = new long[1];
        Set<UUID> first = QuarkusTransaction.requiringNew().call(() -> {
            Set<UUID> claimed = inbox.claimAll(consumer, List.of(a, seen, b, a));
            locksHeld[0] = advisoryLocksOfThisSession();
            return claimed;
        });

        assertThat(first).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(locksHeld[0]).as("the locks of both VNETs, held in the claim's transaction").isEqualTo(2);
        try (Connection connection = dataSource.getConnection()) {
            assertThat(count(connection, consumer)).isEqualTo(3);
        }
        assertThat(QuarkusTransaction.requiringNew().call(() -> inbox.claimAll(consumer, List.of(b, a)))).isEmpty();
    }

    /*
     * Two members of a group can both hold the same records for a moment (a rebalance): their claims race. Each
     * message must be claimed by one of them, and the locks of several VNETs, taken in opposite orders by the
     * callers, must not deadlock.
     */
    @Test
    void twoClaimsOfTheSameMessagesAtOnceClaimEachOnceAndNeverDeadlock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 30; round++) {
                String consumer = "inbox-race-" + UUID.randomUUID();
                List<Envelope> messages = IntStream.range(0, 12).mapToObj(i -> message("vnet-race-" + i % 4)).toList();
                List<Envelope> reversed = new ArrayList<>(messages);
                Collections.reverse(reversed);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<Set<UUID>> one = pool.submit(() -> claimAfter(start, consumer, messages));
                Future<Set<UUID>> other = pool.submit(() -> claimAfter(start, consumer, reversed));

                Set<UUID> byOne = one.get(30, TimeUnit.SECONDS);
                Set<UUID> byOther = other.get(30, TimeUnit.SECONDS);
                Set<UUID> byBoth = new HashSet<>(byOne);
                byBoth.retainAll(byOther);
                assertThat(byBoth).as("round %d: claimed by both", round).isEmpty();
                Set<UUID> all = new HashSet<>(byOne);
                all.addAll(byOther);
                assertThat(all).as("round %d: every message claimed", round)
                        .isEqualTo(messages.stream().map(Envelope::id).collect(Collectors.toSet()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private Set<UUID> claimAfter(CyclicBarrier start, String consumer, List<Envelope> messages) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        return QuarkusTransaction.requiringNew().call(() -> inbox.claimAll(consumer, messages));
    }

    private long advisoryLocksOfThisSession() throws Exception {
        try (Connection connection = dataSource.getConnection();
             Statement locks = connection.createStatement();
             ResultSet rows = locks.executeQuery("select count(*) from pg_locks"
                     + " where locktype = 'advisory' and pid = pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Envelope message(String vnet) {
        return Envelope.of(new SagaCommand(vnet, SagaStep.LOIF_INIT, 1));
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

package dev.jailnet.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Roles;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.TableStatistics;
import dev.jailnet.testsupport.Tokens;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

@QuarkusTest
@ServiceTest
class OutboxRelayTest {

    @Inject
    Outbox outbox;
    @Inject
    OutboxRelay relay;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    KafkaClients clients;
    @Inject
    MessagingConfig config;
    @Inject
    MeterRegistry meters;
    @Inject
    ParkedMessages parked;
    @Inject
    DeadLetters deadLetters;
    @Inject
    TransactionSynchronizationRegistry synchronizations;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aCrashBetweenCommitAndPublishLosesNothing() {
        String vnet = "vnet-crash-" + UUID.randomUUID();
        whileTheRelayIsStopped(() -> {
            QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 41)));
            assertThat(unpublished(vnet)).as("committed but not published, as when the service died").isEqualTo(1);
        });

        List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                Duration.ofSeconds(30), seen -> count(seen, vnet) >= 1);

        assertThat(count(read, vnet)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(vnet) == 0);
    }

    @Test
    void aRelayedRecordNamesItsMessagesTypeAndIdInItsHeaders() {
        String vnet = "vnet-headers-" + UUID.randomUUID();
        Envelope sent = QuarkusTransaction.requiringNew().call(
                () -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 47)));

        ConsumerRecord<String, byte[]> record = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                Duration.ofSeconds(30), seen -> count(seen, vnet) >= 1).stream()
                .filter(r -> vnet.equals(r.key())).findFirst().orElseThrow();
        assertThat(KafkaProbe.header(record, Headers.TYPE)).isEqualTo("VnetAlive");
        assertThat(KafkaProbe.header(record, Headers.MESSAGE_ID)).isEqualTo(sent.id().toString());
    }

    @Test
    void aMessagesLagIsTheTimeFromItsTransactionToKafkasAcknowledgement() {
        Timer lag = meters.get("jailnet.outbox.lag").timer();
        long countBefore = lag.count();
        double millisBefore = lag.totalTime(TimeUnit.MILLISECONDS);
        String vnet = "vnet-lag-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            // the row's time is its transaction's start, the first statement: its lag includes the wait after it
            try (Connection connection = dataSource.getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("select 1");
                Thread.sleep(400);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 46));
        });

        KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(30), seen -> count(seen, vnet) >= 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> lag.count() > countBefore);
        long relayed = lag.count() - countBefore;
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS) - millisBefore).as("%d messages' lags", relayed)
                .isGreaterThanOrEqualTo(400).isLessThan(30_000.0 * relayed);
    }

    @Test
    void oneReplicaRelaysAtATimeAndAnotherTakesTheTurnWhenItStops() {
        await().atMost(Duration.ofSeconds(10)).until(relay::holdsTurn);
        OutboxRelay replica = new OutboxRelay(dataSource, clients, config, parked, deadLetters, meters);
        replica.start();
        try {
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> !replica.holdsTurn());

            relay.stop();
            await().atMost(Duration.ofSeconds(10)).until(replica::holdsTurn);
            String vnet = "vnet-replica-" + UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 44)));

            List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                    Duration.ofSeconds(30), seen -> count(seen, vnet) >= 1);
            assertThat(count(read, vnet)).as("published by the replica that took the turn").isEqualTo(1);
        } finally {
            replica.stop();
            relay.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(relay::holdsTurn);
    }

    @Test
    void aWriteNotifiesTheOtherReplicasOnlyWhenItsOwnRelayDoesNotHoldTheTurn() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(relay::holdsTurn);
        try (Connection listening = dataSource.getConnection()) {
            try (Statement statement = listening.createStatement();
                 ResultSet schema = statement.executeQuery("select current_schema()")) {
                schema.next();
                statement.execute("listen \"" + OutboxRelay.channel(schema.getString(1)) + "\"");
            }
            PGConnection notifications = listening.unwrap(PGConnection.class);
            String held = "vnet-notify-held-" + UUID.randomUUID();
            QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(held, 45)));
            KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(30), seen -> count(seen, held) >= 1);
            assertThat(fromThisReplica(notifications, Duration.ofSeconds(1)))
                    .as("its own relay holds the turn and was woken directly: nobody else to wake").isZero();

            whileTheRelayIsStopped(() -> {
                String notHeld = "vnet-notify-other-" + UUID.randomUUID();
                QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS,
                        new VnetAlive(notHeld, 46)));
                assertThat(fromThisReplica(notifications, Duration.ofSeconds(5)))
                        .as("the replica that holds the turn, wherever it is, is woken at the commit").isEqualTo(1);
            });
        }
    }

    /** The notifications from this replica's writes that arrive within {@code wait}. */
    private int fromThisReplica(PGConnection notifications, Duration wait) {
        int count = 0;
        long end = System.nanoTime() + wait.toNanos();
        try {
            while (System.nanoTime() < end && count == 0) {
                PGNotification[] arrived = notifications.getNotifications(100);
                if (arrived != null) {
                    count += (int) Arrays.stream(arrived).filter(n -> relay.replica().equals(n.getParameter())).count();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return count;
    }

    @Test
    void aRecordKafkaRefusesForGoodIsParkedWithItsReasonAndTheOthersGoOn() {
        String vnet = "vnet-too-large-" + UUID.randomUUID();
        String huge = "x".repeat(2 * 1024 * 1024);
        QuarkusTransaction.requiringNew().run(() -> {
            outbox.send(Topics.VNET_EVENTS, new VnetCreationFailed(vnet, 45, huge));
            outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 46));
        });

        List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                Duration.ofSeconds(30), seen -> count(seen, vnet) >= 1);
        assertThat(count(read, vnet)).as("the record after the refused one is published").isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> unpublished(vnet) == 0);

        ParkedMessages.Parked refused = parked.list(0, 1000).stream().filter(p -> vnet.equals(p.key())).findFirst()
                .orElseThrow();
        assertThat(refused.type()).isEqualTo("VnetCreationFailed");
        assertThat(refused.topic()).isEqualTo(Topics.VNET_EVENTS);
        assertThat(refused.size()).isGreaterThan(2 * 1024 * 1024);
        assertThat(refused.reason()).contains("RecordTooLargeException");
        ConsumerRecord<String, byte[]> copy = KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(30),
                seen -> count(seen, vnet) >= 1).stream().filter(r -> vnet.equals(r.key())).findFirst().orElseThrow();
        assertThat(copy.value()).as("the body that is too large is left out of the copy").isNull();
        assertThat(KafkaProbe.header(copy, Headers.DLQ_TOPIC)).isEqualTo(Topics.VNET_EVENTS);
        assertThat(Integer.parseInt(KafkaProbe.header(copy, Headers.DLQ_SIZE)))
                .isEqualTo(refused.size());

        given().get("/api/outbox/parked?limit=1000").then().statusCode(200)
                .body("findAll { it.key == '" + vnet + "' }.reason[0]", org.hamcrest.Matchers.containsString("RecordTooLargeException"));
        given().post("/api/outbox/parked/987654321/requeue").then().statusCode(404)
                .contentType("application/problem+json");

        // sent back by an operator, who is named in the audit; Kafka refuses it again and it is parked again
        given().auth().oauth2(Tokens.of("carol", Roles.OPERATOR)).post("/api/outbox/parked/" + refused.id() + "/requeue")
                .then().statusCode(200).body("outboxId", org.hamcrest.Matchers.notNullValue());
        given().get("/api/audit").then().statusCode(200)
                .body("actions.findAll { it.actor == 'carol' }.action", org.hamcrest.Matchers.hasItem("outbox_requeue"))
                .body("actions.findAll { it.actor == 'carol' }.object", org.hamcrest.Matchers.hasItem(
                        "parked message " + refused.id() + " (VnetCreationFailed on " + Topics.VNET_EVENTS + ", key "
                                + vnet + ")"));
        await().atMost(Duration.ofSeconds(30)).until(() -> parked.list(0, 1000).stream()
                .anyMatch(p -> vnet.equals(p.key()) && p.id() != refused.id()));
    }

    @Test
    void aRowKafkaAcknowledgedIsDeletedByTheRelaysNextReadAndPublishedOnlyOnce() throws Exception {
        String prefix = "vnet-once-" + UUID.randomUUID() + "-";
        int rows = 30;
        for (int i = 0; i < rows; i++) {
            String vnet = prefix + i;
            QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 47)));
            // commits apart, so that most of them find the relay with the last one's delete still to do
            Thread.sleep(3);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(prefix + "%") == 0);

        // every duplicate would have been published before the delete: read what the topic holds
        Map<String, Long> published = new HashMap<>();
        KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(3), seen -> false).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .forEach(r -> published.merge(r.key(), 1L, Long::sum));
        assertThat(published).hasSize(rows);
        assertThat(published.values()).as("each row published once").containsOnly(1L);
    }

    /**
     * A backlog is relayed by batches that read their rows by the primary key: the outbox is not scanned whole
     * for each batch, which made relaying n rows quadratic once the relay's statements had plans cached for an
     * outbox of a few rows. Counted from PostgreSQL's statistics of the table, not timed.
     */
    @Test
    void aBacklogIsNotScannedWholeForEachOfItsBatches() {
        String prefix = "vnet-backlog-" + UUID.randomUUID() + "-";
        // as autovacuum leaves them in a running system: the statistics of an outbox that holds a few rows
        whileTheRelayIsStopped(() -> {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 3; i++) {
                    outbox.send(Topics.IFNET_EVENTS, new VnetAlive(prefix + "analyzed-" + i, 49));
                }
            });
            analyzeOutbox();
        });
        // one row per commit first: the relay runs its statements often on a nearly empty outbox
        int warmUp = 30;
        for (int i = 0; i < warmUp; i++) {
            String vnet = prefix + "warm-" + i;
            QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 49)));
        }
        KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(30),
                seen -> countPrefix(seen, prefix + "warm-") >= warmUp);
        long before = TableStatistics.rowsScanned(dataSource, "outbox");

        int backlog = 10 * config.relay().batchSize();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < backlog; i++) {
                outbox.send(Topics.IFNET_EVENTS, new VnetAlive(prefix + i, 50));
            }
        });
        KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(60),
                seen -> countPrefix(seen, prefix) >= warmUp + backlog);
        long scanned = TableStatistics.rowsScanned(dataSource, "outbox") - before;

        assertThat(scanned).as("outbox rows read by whole-table scans while relaying a backlog of %d", backlog)
                .isLessThan(3L * backlog);
    }

    /** Statistics an earlier backlog left are good for the next: a burst of backlogs is analyzed once, not each. */
    @Test
    void aBacklogIsNotAnalyzedAgainWhenTheStatisticsKnowOne() {
        String prefix = "vnet-known-" + UUID.randomUUID() + "-";
        int batch = config.relay().batchSize();
        // autovacuum, vacuuming the drained outbox, would forget the backlog too (reltuples 0): not the relay's doing
        execute("alter table outbox set (autovacuum_enabled = false)");
        try {
            relayBurstsOfBacklogs(prefix, batch);
        } finally {
            execute("alter table outbox reset (autovacuum_enabled)");
        }
    }

    private void relayBurstsOfBacklogs(String prefix, int batch) {
        // as an earlier backlog's analyze leaves them: the statistics of an outbox that holds a batch
        whileTheRelayIsStopped(() -> {
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < batch; i++) {
                    outbox.send(Topics.IFNET_EVENTS, new VnetAlive(prefix + "analyzed-" + i, 51));
                }
            });
            analyzeOutbox();
        });
        KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(30),
                seen -> countPrefix(seen, prefix + "analyzed-") >= batch);
        long analyzes = TableStatistics.analyzes(dataSource, "outbox");
        long before = TableStatistics.rowsScanned(dataSource, "outbox");

        int backlogs = 3;
        int backlog = 4 * batch;
        for (int b = 0; b < backlogs; b++) {
            String burst = prefix + b + "-";
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < backlog; i++) {
                    outbox.send(Topics.IFNET_EVENTS, new VnetAlive(burst + i, 52));
                }
            });
            KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(60),
                    seen -> countPrefix(seen, burst) >= backlog);
        }

        assertThat(TableStatistics.analyzes(dataSource, "outbox") - analyzes)
                .as("analyzes of the outbox for %d backlogs of %d rows, its statistics knowing %d", backlogs, backlog,
                        batch).isZero();
        assertThat(TableStatistics.rowsScanned(dataSource, "outbox") - before)
                .as("outbox rows read by whole-table scans while relaying them").isLessThan(3L * backlogs * backlog);
    }

    @Test
    void aRelayThatStopsDeletesTheRowsKafkaAcknowledged() {
        String vnet = "vnet-stop-" + UUID.randomUUID();
        relay.stop();
        QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 48)));
        long row = outboxIds(vnet).get(0);
        relay.start();
        // stopped as soon as Kafka acknowledged the row, before the relay's next sweep would delete it
        await().pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(30))
                .until(() -> relay.acknowledged().contains(row) || outboxIds(vnet).isEmpty());

        whileTheRelayIsStopped(() -> {
            assertThat(unpublished(vnet)).as("deleted as the relay gave its turn up, not left for the next one")
                    .isZero();
        });
        List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                Duration.ofSeconds(30), seen -> count(seen, vnet) >= 1);
        assertThat(count(read, vnet)).isEqualTo(1);
    }

    @Test
    void aRolledBackTransactionPublishesNothing() {
        String vnet = "vnet-rollback-" + UUID.randomUUID();
        QuarkusTransaction.begin();
        outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 42));
        QuarkusTransaction.rollback();

        assertThat(unpublished(vnet)).isZero();
    }

    @Test
    void theOutboxRefusesToWriteOutsideATransaction() {
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive("vnet-no-tx", 43)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("transaction");
    }

    @Test
    void perKeyOrderHoldsWithConcurrentWriters() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        int keys = 4;
        int perKey = 60;
        ExecutorService writers = Executors.newFixedThreadPool(keys);
        List<Future<?>> done = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            String vnet = "vnet-order-" + run + "-" + k;
            done.add(writers.submit(() -> {
                for (int seq = 0; seq < perKey; seq++) {
                    int n = seq;
                    QuarkusTransaction.requiringNew().run(() -> outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, n)));
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        writers.shutdown();

        List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                Duration.ofSeconds(60), seen -> countPrefix(seen, "vnet-order-" + run) >= keys * perKey);

        Map<String, List<Integer>> byKey = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : read) {
            if (record.key().startsWith("vnet-order-" + run)) {
                VnetAlive alive = (VnetAlive) EventCodec.decode(record.value()).payload();
                byKey.computeIfAbsent(record.key(), x -> new ArrayList<>()).add(alive.jid());
            }
        }
        assertThat(byKey).hasSize(keys);
        byKey.values().forEach(seqs -> assertThat(seqs).hasSize(perKey).isSorted());
    }

    /**
     * A message sent while the transaction completes, by a synchronization the transaction runs after the outbox's
     * own, is still written in that transaction and published.
     */
    @Test
    void aMessageSentAfterTheOutboxWroteItsRowsIsWrittenToo() {
        String vnet = "vnet-late-" + UUID.randomUUID();
        whileTheRelayIsStopped(() -> {
            QuarkusTransaction.requiringNew().run(() -> {
                outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 1));
                synchronizations.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {
                        outbox.send(Topics.IFNET_EVENTS, new VnetAlive(vnet, 2));
                    }

                    @Override
                    public void afterCompletion(int status) {
                    }
                });
            });
            assertThat(unpublished(vnet)).as("both messages committed").isEqualTo(2);
        });
        List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS,
                Duration.ofSeconds(30), seen -> count(seen, vnet) >= 2);
        assertThat(count(read, vnet)).isEqualTo(2);
    }

    /**
     * A transaction's messages are written when it commits, in one statement for up to
     * {@value Outbox#MAX_ROWS_PER_STATEMENT} of them, numbered in the order they were sent. Counted by
     * {@code pg_stat_statements}, which the test server loads.
     */
    @Test
    void aTransactionsMessagesAreWrittenTogetherInTheOrderTheyWereSent() {
        String vnet = "vnet-together-" + UUID.randomUUID();
        int messages = 2 * Outbox.MAX_ROWS_PER_STATEMENT + 500;
        relay.stop();
        try {
            execute("create extension if not exists pg_stat_statements");
            long before = outboxInserts();
            QuarkusTransaction.requiringNew().run(() -> {
                for (int n = 0; n < messages; n++) {
                    outbox.send(Topics.IFNET_EVENTS, new VnetAlive(n % 2 == 0 ? vnet : vnet + "-other", n));
                }
            });

            assertThat(outboxInserts() - before).as("statements that wrote the transaction's messages").isEqualTo(3);
            List<Integer> sent = new ArrayList<>();
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("select envelope from outbox where record_key like '"
                         + vnet + "%' order by id")) {
                while (rows.next()) {
                    sent.add(((VnetAlive) EventCodec.decode(rows.getBytes(1)).payload()).jid());
                }
            }
            assertThat(sent).hasSize(messages).isSorted();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            relay.start();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(vnet + "%") == 0);
    }

    /**
     * Writers of one key are serialised from their write to their commit: a transaction's messages of that key
     * reach Kafka together and in the order they were sent, whatever the other writers of the key do meanwhile.
     */
    @Test
    void concurrentWritersOfOneKeyDoNotInterleave() throws Exception {
        String vnet = "vnet-writers-" + UUID.randomUUID();
        int writers = 4;
        int transactions = 25;
        int perTransaction = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int t = 0; t < transactions; t++) {
                    int transaction = t;
                    QuarkusTransaction.requiringNew().run(() -> {
                        for (int m = 0; m < perTransaction; m++) {
                            outbox.send(Topics.IFNET_EVENTS,
                                    new VnetAlive(vnet, writer * 100_000 + transaction * 10 + m));
                        }
                    });
                }
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        List<Integer> read = KafkaProbe.readUntil(bootstrap, Topics.IFNET_EVENTS, Duration.ofSeconds(60),
                        seen -> count(seen, vnet) >= (long) writers * transactions * perTransaction).stream()
                .filter(r -> vnet.equals(r.key()))
                .map(r -> ((VnetAlive) EventCodec.decode(r.value()).payload()).jid()).toList();
        assertThat(read).hasSize(writers * transactions * perTransaction);
        Map<Integer, Integer> lastOfWriter = new HashMap<>();
        for (int i = 0; i < read.size(); i += perTransaction) {
            int first = read.get(i);
            assertThat(read.subList(i, i + perTransaction)).as("one transaction's messages, at %d", i)
                    .containsExactly(first, first + 1, first + 2, first + 3);
            Integer last = lastOfWriter.put(first / 100_000, first);
            assertThat(last == null || last < first).as("a writer's transactions in the order it made them").isTrue();
        }
    }

    private long outboxInserts() {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("""
                     select coalesce(sum(calls), 0) from pg_stat_statements
                     where dbid = (select oid from pg_database where datname = current_database())
                       and query like '%insert into outbox%'""")) {
            row.next();
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code work} with this replica's relay stopped, as when the service died after committing. */
    private void whileTheRelayIsStopped(Runnable work) {
        relay.stop();
        try {
            work.run();
        } finally {
            relay.start();
        }
    }

    private void execute(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(List<ConsumerRecord<String, byte[]>> records, String key) {
        return records.stream().filter(r -> key.equals(r.key())).count();
    }

    private static long countPrefix(List<ConsumerRecord<String, byte[]>> records, String prefix) {
        return records.stream().filter(r -> r.key() != null && r.key().startsWith(prefix)).count();
    }

    /** The ids of the outbox rows whose key matches the LIKE {@code pattern} (a key alone matches itself). */
    private List<Long> outboxIds(String pattern) {
        List<Long> ids = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select id from outbox where record_key like '" + pattern + "'")) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    private void analyzeOutbox() {
        execute("analyze outbox");
    }

    private int unpublished(String pattern) {
        return outboxIds(pattern).size();
    }
}

package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.EventCodec;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.problem.Failure;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class ConsumerLoopTest {

    @Inject
    RecordingHandler handler;
    @Inject
    ConsumerStalls stalls;
    @Inject
    DestroyedOnlyHandler destroyedOnly;
    @Inject
    io.agroal.api.AgroalDataSource dataSource;
    @Inject
    MessagingConfig config;
    @Inject
    MeterRegistry meters;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRedeliveredMessageHasNoSecondEffect() throws SQLException {
        String vnet = "vnet-dup-" + UUID.randomUUID();
        Envelope message = Envelope.of(new VnetAlive(vnet, 7));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, message);
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, message);
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 8)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(8) == 1);
        assertThat(handler.effects(7)).isEqualTo(1);
    }

    @Test
    void anEventAHandlerDoesNotActOnIsPassedOverWithoutATransaction() throws SQLException {
        String vnet = "vnet-passed-over-" + UUID.randomUUID();
        Envelope alive = Envelope.of(new VnetAlive(vnet, 5));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, alive);
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetDestroyed(vnet, 5, false)));

        await().atMost(Duration.ofSeconds(30)).until(() -> destroyedOnly.destroyed.contains(vnet));
        assertThat(inboxed("messaging-test.destroyed-only", alive)).as("no effect, no inbox entry").isFalse();
        assertThat(inboxed("messaging-test.recorder", alive)).as("the handler that acts on it").isTrue();
    }

    @Test
    void aPoisonRecordIsDeadLetteredAndTheNextRecordIsProcessed() throws SQLException {
        String vnet = "vnet-poison-" + UUID.randomUUID();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, vnet, "{not json".getBytes(StandardCharsets.UTF_8));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 9)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(9) == 1);
        ConsumerRecord<String, byte[]> dead = deadLetter(vnet);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
        assertThat(KafkaProbe.header(dead, Headers.DLQ_REASON)).contains("not JSON");
        assertThat(KafkaProbe.header(dead, Headers.DLQ_TOPIC)).isEqualTo(Topics.VNET_EVENTS);
        assertThat(KafkaProbe.header(dead, Headers.DLQ_CONSUMER)).isEqualTo("messaging-test.recorder");
    }

    @Test
    void aRecordWithTextTheDatabaseCannotHoldIsDeadLetteredNotRetriedForeverAndTheNextRecordIsProcessed() {
        String vnet = "vnet-nul-" + UUID.randomUUID();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, vnet,
                EventCodec.encode(Envelope.of(new VnetAlive(vnet + "\u0000", 311))));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 312)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(312) == 1);
        assertThat(handler.effects(311)).isZero();
        assertThat(KafkaProbe.header(deadLetter(vnet), Headers.DLQ_REASON)).contains("NUL character (U+0000)");
    }

    @Test
    void aMessageTheHandlerRejectsIsDeadLetteredWithoutRetries() {
        String vnet = "vnet-rejected-" + UUID.randomUUID();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, -5)));

        ConsumerRecord<String, byte[]> dead = deadLetter(vnet);
        assertThat(KafkaProbe.header(dead, Headers.DLQ_REASON)).isEqualTo("jid -5 can never exist");
        assertThat(handler.attempts(-5)).isEqualTo(1);
    }

    @Test
    void aMessageThatKeepsFailingStallsItsPartitionUntilItAppliesAndIsNeverDeadLettered() throws SQLException {
        String vnet = "vnet-failing-" + UUID.randomUUID();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 0)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.attempts(0) > 2 * config.consumer().maxAttempts());
        assertThat(stalls.current()).anyMatch(s -> s.failure() == Failure.OTHER && s.reason().contains("jid 0 failed"));
        assertThat(stalls.outage()).as("a record the handler fails on is no outage: the service stays ready").isFalse();
        assertThat(handler.effects(0)).isZero();

        handler.unblock();
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(0) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> stalls.current().isEmpty());
        assertThat(KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(2),
                seen -> seen.stream().anyMatch(r -> vnet.equals(r.key())))).noneMatch(r -> vnet.equals(r.key()));
    }

    @Test
    void aMessageThatKeepsFailingIsAnsweredByItsHandlerAfterTheBoundedAttemptsAndTheNextOneApplies()
            throws SQLException {
        String vnet = "vnet-answered-" + UUID.randomUUID();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 1)));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 77)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(-1) == 1 && handler.effects(77) == 1);
        assertThat(handler.attempts(1)).isEqualTo(config.consumer().maxAttempts());
        assertThat(handler.effects(1)).isZero();
    }

    @Test
    void recordsOfOneKeyThatArriveTogetherShareATransactionAndEachIsAppliedOnceAroundTheFailingOnes() {
        String vnet = "vnet-burst-" + UUID.randomUUID();
        // the first record fails five times: meanwhile the burst arrives, and the next polls bring it whole
        List<Envelope> burst = new ArrayList<>();
        burst.add(Envelope.of(new VnetAlive(vnet, 1005)));
        IntStream.range(500, 515).forEach(jid -> burst.add(Envelope.of(new VnetAlive(vnet, jid))));
        burst.add(Envelope.of(new VnetAlive(vnet, 1003)));
        IntStream.range(515, 529).forEach(jid -> burst.add(Envelope.of(new VnetAlive(vnet, jid))));
        // two messages sent again (as a relay does after a crash), claimed with the burst they arrive in
        burst.add(burst.get(8));
        burst.add(burst.get(22));
        burst.add(Envelope.of(new VnetAlive(vnet, 529)));
        KafkaProbe.produceAll(bootstrap, Topics.VNET_EVENTS, burst);

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(529) == 1);
        IntStream.range(500, 530).forEach(jid -> assertThat(handler.effects(jid)).as("jid %d applied once", jid)
                .isEqualTo(1));
        assertThat(handler.effects(1005)).isEqualTo(1);
        assertThat(handler.effects(1003)).isEqualTo(1);
        assertThat(IntStream.range(500, 530).mapToObj(handler::transaction).distinct().count())
                .as("thirty records applied in fewer transactions").isLessThan(30);
    }

    @Test
    void recordsOfManyVnetsThatArriveTogetherShareATransaction() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Envelope> burst = new ArrayList<>();
        IntStream.range(700, 740).forEach(jid -> burst.add(Envelope.of(new VnetAlive(vnetOf(run, jid), jid))));
        KafkaProbe.produceAll(bootstrap, Topics.VNET_EVENTS, burst);

        await().atMost(Duration.ofSeconds(30)).until(() -> IntStream.range(700, 740)
                .allMatch(jid -> handler.effects(jid) == 1));
        Map<Object, Set<String>> vnetsByTransaction = new HashMap<>();
        IntStream.range(700, 740).forEach(jid -> vnetsByTransaction.computeIfAbsent(handler.transaction(jid),
                t -> new HashSet<>()).add(vnetOf(run, jid)));
        assertThat(vnetsByTransaction.values()).as("a transaction that applied records of several VNETs")
                .anyMatch(vnets -> vnets.size() > 1);
    }

    @Test
    void aRecordThatFailsAmongOthersOfAPollIsTriedOncePerAttemptAndTheOthersOnce() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<Envelope> burst = new ArrayList<>();
        IntStream.range(740, 760).forEach(jid -> burst.add(Envelope.of(new VnetAlive(vnetOf(run, jid), jid))));
        // fails six times, then applies: seven attempts, whichever polls it came in
        burst.add(10, Envelope.of(new VnetAlive(vnetOf(run, 1006), 1006)));
        KafkaProbe.produceAll(bootstrap, Topics.VNET_EVENTS, burst);

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(1006) == 1
                && IntStream.range(740, 760).allMatch(jid -> handler.effects(jid) == 1));
        assertThat(handler.attempts(1006)).as("each attempt counted once, in a poll's transaction or alone")
                .isEqualTo(7);
    }

    private static String vnetOf(String run, int jid) {
        return "vnet-many-" + run + "-" + jid % 8;
    }

    @Test
    void aRecordThatKeepsFailingInARunIsAnsweredAfterTheBoundedAttemptsAsIfAlone() {
        String vnet = "vnet-burst-answered-" + UUID.randomUUID();
        List<Envelope> burst = new ArrayList<>();
        burst.add(Envelope.of(new VnetAlive(vnet, 1004)));
        IntStream.range(600, 610).forEach(jid -> burst.add(Envelope.of(new VnetAlive(vnet, jid))));
        burst.add(Envelope.of(new VnetAlive(vnet, 2)));
        IntStream.range(610, 620).forEach(jid -> burst.add(Envelope.of(new VnetAlive(vnet, jid))));
        KafkaProbe.produceAll(bootstrap, Topics.VNET_EVENTS, burst);

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(619) == 1);
        assertThat(handler.effects(-2)).as("answered by its handler").isEqualTo(1);
        // every attempt at it, in a run or alone, failed and was counted: no more than the bound
        assertThat(handler.attempts(2)).isEqualTo(config.consumer().maxAttempts());
        IntStream.range(600, 620).forEach(jid -> assertThat(handler.effects(jid)).as("jid %d applied once", jid)
                .isEqualTo(1));
    }

    @Test
    void aTransientFailureIsRetriedAndAppliedOnce() {
        String vnet = "vnet-transient-" + UUID.randomUUID();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 1002)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(1002) == 1);
        assertThat(handler.attempts(1002)).isEqualTo(3);
    }

    @Test
    void aStalledRecordIsTriedAgainAfterItsBackoffNotWhenTheConsumersPendingFetchComesBack() {
        String vnet = "vnet-held-" + UUID.randomUUID();
        // fails nine times: ~2 s of backoffs; nine waits for a fetch the broker holds for 10 s would be 90 s
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 1009)));
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS, Envelope.of(new VnetAlive(vnet, 401)));

        await().atMost(Duration.ofSeconds(25)).until(() -> handler.effects(1009) == 1 && handler.effects(401) == 1);
        assertThat(handler.attempts(1009)).isEqualTo(10);
        assertThat(handler.attempts(401)).as("the record after it, held with it").isEqualTo(1);
    }

    @Test
    void aPollWhoseRecordArrivedLateWaitsForTheRecordsBehindItAndAppliesThemInItsTransaction() throws Exception {
        double before = lingered();
        try (KafkaProducer<String, byte[]> producer = KafkaProbe.producer(bootstrap)) {
            // written a minute ago, as by the relay of a service that was behind
            Envelope late = Envelope.of(new VnetAlive("vnet-late-" + UUID.randomUUID(), 990));
            producer.send(new ProducerRecord<>(Topics.VNET_EVENTS, null, System.currentTimeMillis() - 60_000,
                    late.key(), EventCodec.encode(late))).get();
            // the consumer waits for more (a second in these tests) once it has polled the late record
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> lingered() > before);
            Envelope behind = Envelope.of(new VnetAlive("vnet-behind-" + UUID.randomUUID(), 991));
            producer.send(new ProducerRecord<>(Topics.VNET_EVENTS, behind.key(), EventCodec.encode(behind))).get();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(990) == 1 && handler.effects(991) == 1);
        assertThat(handler.transaction(991)).as("the record behind the late one, applied in its transaction")
                .isEqualTo(handler.transaction(990));
        assertThat(lateness().max(TimeUnit.SECONDS)).as("the late record's age when polled").isGreaterThan(59);
    }

    @Test
    void aRecordOnTimeIsAppliedWithoutWaitingForMore() {
        // records other test classes left on the shared broker reach this application late, and make it wait:
        // they are applied before the waits are counted
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS,
                Envelope.of(new VnetAlive("vnet-caught-up-" + UUID.randomUUID(), 996)));
        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(996) == 1);
        double before = lingered();
        long polls = lateness().count();
        KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS,
                Envelope.of(new VnetAlive("vnet-on-time-" + UUID.randomUUID(), 995)));

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(995) == 1);
        assertThat(lateness().count()).as("the poll's lateness measured").isGreaterThan(polls);
        assertThat(lingered()).as("polls that waited for more").isEqualTo(before);
    }

    private double lingered() {
        return meters.get("jailnet.consumer.lingered").tag("consumer", "messaging-test.recorder").counter().count();
    }

    private Timer lateness() {
        return meters.get("jailnet.consumer.lateness").tag("consumer", "messaging-test.recorder").timer();
    }

    @Test
    void theOffsetsOfAppliedRecordsAreCommittedOnceTheRecordsStopComing() {
        RecordMetadata sent = KafkaProbe.produce(bootstrap, Topics.VNET_EVENTS,
                Envelope.of(new VnetAlive("vnet-commit-" + UUID.randomUUID(), 400)));
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());

        await().atMost(Duration.ofSeconds(30)).until(() -> handler.effects(400) == 1);
        await().atMost(config.consumer().pollTimeout().plus(config.consumer().commitInterval()).plusSeconds(10))
                .until(() -> KafkaProbe.committed(bootstrap, "messaging-test.recorder", partition) > sent.offset());
    }

    /** The dead letter the recording handler's consumer wrote for {@code key} (every consumer of the topic writes one). */
    private ConsumerRecord<String, byte[]> deadLetter(String key) {
        java.util.function.Predicate<ConsumerRecord<String, byte[]>> ours = r -> key.equals(r.key())
                && "messaging-test.recorder".equals(KafkaProbe.header(r, Headers.DLQ_CONSUMER));
        List<ConsumerRecord<String, byte[]>> read = KafkaProbe.readUntil(bootstrap, Topics.DEAD_LETTERS,
                Duration.ofSeconds(30), seen -> seen.stream().anyMatch(ours));
        Optional<ConsumerRecord<String, byte[]>> dead = read.stream().filter(ours).findFirst();
        assertThat(dead).as("dead letter for " + key).isPresent();
        return dead.get();
    }

    private boolean inboxed(String consumer, Envelope envelope) throws SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
             java.sql.PreparedStatement select = connection.prepareStatement(
                     "select 1 from inbox where consumer = ? and message_id = ?")) {
            select.setString(1, consumer);
            select.setObject(2, envelope.id());
            try (java.sql.ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        }
    }
}

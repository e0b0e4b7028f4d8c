package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.localstack.KafkaLogins;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.utils.Utils;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Two consumer loops of one handler in one service's group, as {@code jailnet.messaging.consumer.concurrency=2}
 * starts them: the service's own loop and a second one made here, which the test can also stop.
 */
@QuarkusTest
@ServiceTest
class ConsumerConcurrencyTest {

    private static final String GROUP = "messaging-test.recorder";
    private static final int PER_VNET = 15;

    @Inject
    RecordingHandler handler;
    @Inject
    MessagingConfig config;
    @Inject
    KafkaClients clients;
    @Inject
    Inbox inbox;
    @Inject
    PersistenceContexts contexts;
    @Inject
    DeadLetters deadLetters;
    @Inject
    MeterRegistry meters;
    @Inject
    ConsumerStalls stalls;
    @Inject
    MessageTracing tracing;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void twoLoopsShareAHandlersPartitionsApplyEachRecordOnceEachVnetInOrderAndLoseNothingWhenOneStops() {
        ConsumerLoop second = new ConsumerLoop(handler, GROUP, 2, clients, inbox, contexts,
                deadLetters, config.consumer(), meters, stalls, tracing, Duration.ofSeconds(60));
        second.start();
        List<String> vnets = oneVnetPerPartition();
        try {
            awaitMembersWithPartitions(2);
            // interleaved, as a busy system sends them: each poll brings several VNETs, each loop its own partitions'
            sendRounds(vnets, 0, PER_VNET);
            await().atMost(Duration.ofSeconds(60)).until(() -> vnets.stream()
                    .allMatch(vnet -> handler.committedInOrder(vnet).size() == PER_VNET));
            assertThat(handler.committingThreads()).as("both loops applied records")
                    .contains("consumer-recorder", "consumer-recorder-2");

            second.stop();
            awaitMembersWithPartitions(1);
            sendRounds(vnets, PER_VNET, 2 * PER_VNET);
        } finally {
            second.stop();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> vnets.stream()
                .allMatch(vnet -> handler.committedInOrder(vnet).size() == 2 * PER_VNET));
        for (int v = 0; v < vnets.size(); v++) {
            int vnet = v;
            List<Integer> sent = IntStream.range(0, 2 * PER_VNET).mapToObj(i -> jid(vnet, i)).toList();
            assertThat(handler.committedInOrder(vnets.get(v))).as("the records of %s, in the order sent", vnets.get(v))
                    .containsExactlyElementsOf(sent);
            sent.forEach(jid -> assertThat(handler.effects(jid)).as("jid %d applied once", jid).isEqualTo(1));
        }
    }

    private void sendRounds(List<String> vnets, int from, int to) {
        List<Envelope> records = new ArrayList<>();
        IntStream.range(from, to).forEach(i -> IntStream.range(0, vnets.size()).forEach(v ->
                records.add(Envelope.of(new VnetAlive(vnets.get(v), jid(v, i))))));
        KafkaProbe.produceAll(bootstrap, Topics.VNET_EVENTS, records);
    }

    private static int jid(int vnet, int i) {
        return 800 + vnet * 2 * PER_VNET + i;
    }

    /** A VNET id for each partition of the topic, where the producers' partitioner puts a record with that key. */
    private List<String> oneVnetPerPartition() {
        int partitions = config.topics().partitions();
        String[] byPartition = new String[partitions];
        String run = UUID.randomUUID().toString().substring(0, 8);
        int found = 0;
        for (int n = 0; found < partitions; n++) {
            String vnet = "vnet-concurrent-" + run + "-" + n;
            int partition = Utils.toPositive(Utils.murmur2(vnet.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (byPartition[partition] == null) {
                byPartition[partition] = vnet;
                found++;
            }
        }
        return List.of(byPartition);
    }

    /** Until the group is stable with {@code count} members, each assigned some of the topic's partitions. */
    private void awaitMembersWithPartitions(int count) {
        try (Admin admin = Admin.create(KafkaLogins.clientProperties(bootstrap))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP);
                return group.groupState() == GroupState.STABLE && group.members().size() == count
                        && group.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
            });
        }
    }
}

package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.cli.AuditCheck;
import dev.jailnet.cli.Component;
import dev.jailnet.cli.EventHistory;
import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.localstack.TopicWatcher;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of each service, as {@code jailnet up --replicas 2} runs them. The replica of vnet-, ifnet- and
 * routing-service that relays its outbox is killed (SIGKILL) while shutdown sagas are in flight, and stays dead
 * until they end: the other replica takes over its partitions and its turn at the relay.
 */
class ReplicasIT {

    private static final int JAILS = 8;
    private static final List<Service> PARTICIPANTS = List.of(Service.VNET, Service.IFNET, Service.ROUTING);
    private static final Duration HANDOVER = Duration.ofSeconds(30);

    @Test
    void everySagaCompletesInOrderWhenTheRelayingReplicaOfEachParticipantIsKilled() throws Exception {
        try (LocalProcesses processes = LocalProcesses.startReplicated(Files.createTempDirectory("jailnet-replicas"), 2);
             TopicWatcher watcher = new TopicWatcher(processes.kafkaBootstrap(), Topics.JAIL_EVENTS, Topics.VNET_EVENTS);
             RelayTurns turns = RelayTurns.watch(processes.system())) {
            LocalSystem system = processes.system();
            StandardJail standard = processes.standardJail(watcher);
            List<StandardJail.Built> jails = new ArrayList<>();
            for (int i = 0; i < JAILS; i++) {
                jails.add(standard.create("replicas-" + i));
            }
            List<String> relaying = new ArrayList<>();
            for (Service participant : PARTICIPANTS) {
                relaying.add(turns.awaitHolder(participant, name -> true, HANDOVER));
            }

            jails.forEach(jail -> standard.remove(jail.jid()));
            List<Component> killed = relaying.stream().map(name -> system.select(name).get(0)).toList();
            killed.forEach(Component::kill);
            long inFlight = jails.stream().filter(jail -> watcher.find(VnetDestroyed.class,
                    e -> e.vnetId().equals(jail.vnetId())).isEmpty()).count();

            for (int i = 0; i < PARTICIPANTS.size(); i++) {
                String dead = relaying.get(i);
                assertThat(turns.awaitHolder(PARTICIPANTS.get(i), name -> !name.equals(dead), HANDOVER))
                        .as("the other replica relays").startsWith(PARTICIPANTS.get(i).module() + "#");
            }
            jails.forEach(standard::awaitVnetDestroyed);
            killed.forEach(Component::start);

            assertThat(inFlight).as("sagas in flight when the replicas were killed").isPositive();
            for (StandardJail.Built jail : jails) {
                given().baseUri(system.url(Service.VNET)).get("/api/vnets/" + jail.vnetId() + "/shutdown").then()
                        .body("status", equalTo("COMPLETED"));
            }
            Audits.awaitClean(processes);
            for (StandardJail.Built jail : jails) {
                assertThat(AuditCheck.remnants(jail.vnetId(), Audits.ledger(processes, Service.IFNET),
                        Audits.ledger(processes, Service.ROUTING))).isEmpty();
            }
            EventHistory.Findings events = EventHistory.check(watcher.seen());
            assertThat(events.duplicates()).as("effects that happened twice").isEmpty();
            assertThat(events.outOfOrder()).as("per-key order").isEmpty();
            assertThat(turns.sampleCount()).isPositive();
            assertThat(turns.violations()).as("one relay at a time").isEmpty();
        }
    }
}

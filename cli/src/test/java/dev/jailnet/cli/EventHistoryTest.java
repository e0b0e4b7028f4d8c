package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventHistoryTest {

    private static final Envelope CREATED = Envelope.of(new JailCreated(3, "web", true, "vnet3", List.of(), Instant.EPOCH));
    private static final Envelope ALIVE = Envelope.of(new JailAlive(3, "web", "vnet3"));
    private static final Envelope VNET_ALIVE = Envelope.of(new VnetAlive("vnet3", 3));
    private static final Envelope DESTROYED = Envelope.of(new VnetDestroyed("vnet3", 3, false));

    @Test
    void aLifecycleInOrderIsClean() {
        EventHistory.Findings findings = EventHistory.check(List.of(CREATED, VNET_ALIVE, ALIVE, DESTROYED,
                Envelope.of(new JailFreed(3, "web", "vnet3"))));

        assertThat(findings.messages()).isEqualTo(5);
        assertThat(findings.duplicates()).isEmpty();
        assertThat(findings.outOfOrder()).isEmpty();
    }

    @Test
    void aRecordDeliveredAgainWithItsOwnIdIsCountedButIsNoDuplicate() {
        EventHistory.Findings findings = EventHistory.check(List.of(VNET_ALIVE, DESTROYED, DESTROYED));

        assertThat(findings.redelivered()).isEqualTo(1);
        assertThat(findings.duplicates()).isEmpty();
        assertThat(findings.outOfOrder()).isEmpty();
    }

    @Test
    void twoEnvelopesForOneVnetsDestructionAreADuplicateEffect() {
        EventHistory.Findings findings = EventHistory.check(List.of(DESTROYED,
                Envelope.of(new VnetDestroyed("vnet3", 3, false))));

        assertThat(findings.duplicates()).singleElement().asString().startsWith("VnetDestroyed for vnet3: 2 times");
    }

    @Test
    void eventsOfOneKeyOutOfTheirLifecycleOrderAreFound() {
        Envelope completed = Envelope.of(new VnetShutdownCompleted("vnet3", 3, "saga", 10, List.of()));

        EventHistory.Findings findings = EventHistory.check(List.of(VNET_ALIVE, DESTROYED, completed));

        assertThat(findings.outOfOrder()).containsExactly(
                "vnet3: [VnetAlive, VnetDestroyed, VnetShutdownCompleted]");
    }

    @Test
    void orderIsKeptPerTopicNotAcrossTopics() {
        assertThat(EventHistory.check(List.of(ALIVE, VNET_ALIVE, CREATED)).outOfOrder()).hasSize(1);
        assertThat(EventHistory.check(List.of(VNET_ALIVE, CREATED, ALIVE)).outOfOrder()).isEmpty();
    }
}

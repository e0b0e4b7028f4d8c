package dev.jailnet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    @Test
    void roundTripsAnEnvelopeWithSagaIds() {
        UUID saga = UUID.randomUUID();
        UUID cause = UUID.randomUUID();
        Envelope sent = Envelope.of(new SagaCommand("vnet7", SagaStep.LOIF_INIT, 2), saga, cause);

        Envelope read = EventCodec.decode(EventCodec.encode(sent));

        assertThat(read).isEqualTo(sent);
        assertThat(read.key()).isEqualTo("vnet7");
        assertThat(read.type()).isEqualTo("SagaCommand");
    }

    @Test
    void roundTripsCollectionsAndTimes() {
        JailCreated created = new JailCreated(3, "web", true, "vnet3", List.of("epair0b"),
                Instant.parse("2026-11-26T10:15:30.123Z"));
        SagaReply reply = new SagaReply("vnet3", SagaStep.RTABLES_INIT, 1, true, null, Map.of("ribs", 2));

        assertThat(EventCodec.decode(EventCodec.encode(Envelope.of(created))).payload()).isEqualTo(created);
        assertThat(EventCodec.decode(EventCodec.encode(Envelope.of(reply))).payload()).isEqualTo(reply);
    }

    @Test
    void ignoresFieldsAddedByANewerProducer() {
        String json = """
                {"id":"%s","type":"VnetAlive","key":"vnet4","time":"2026-11-26T10:00:00Z","future":1,
                 "payload":{"vnetId":"vnet4","jid":4,"addedLater":{"x":true}}}""".formatted(UUID.randomUUID());

        Envelope read = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.payload().vnetId()).isEqualTo("vnet4");
    }

    @Test
    void rejectsWhatItCannotRead() {
        assertThatThrownBy(() -> EventCodec.decode("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> EventCodec.decode(null))
                .isInstanceOf(MalformedMessageException.class);
        assertThatThrownBy(() -> EventCodec.decode(
                "{\"id\":\"x\",\"type\":\"Nope\",\"key\":\"k\",\"time\":\"t\",\"payload\":{}}".getBytes()))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("unknown message type 'Nope'");
        assertThatThrownBy(() -> EventCodec.decode(("{\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"jid\":1}}")
                .getBytes()))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("no vnetId");
        assertThatThrownBy(() -> EventCodec.decode(("{\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\","
                + "\"payload\":{\"vnetId\":\"v\",\"jid\":\"many\"}}").getBytes()))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("VnetAlive");
    }
}

package dev.jailnet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.events.ifnet.IfaddrRemoved;
import dev.jailnet.events.ifnet.IfnetDeparture;
import dev.jailnet.events.ifnet.PrefixRouteHeir;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.events.vnet.VnetAlive;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * An address's removal and an interface's departure carry who takes their prefix routes over; an older producer's
     * carry nothing, and are read as they were then.
     */
    @Test
    void roundTripsThePrefixRouteHeirsAndReadsTheirAbsenceAsBefore() {
        PrefixRouteHeir heir = new PrefixRouteHeir(7, "epair1b", "10.0.0.4", 24);
        IfaddrRemoved removed = new IfaddrRemoved("vnet3", "epair0b", 6, "INET", "10.0.0.2", 24, true, heir);
        IfnetDeparture departure = new IfnetDeparture("vnet3", "epair0b", 6, IfnetDeparture.Fate.VMOVE, List.of(heir));

        assertThat(EventCodec.decode(EventCodec.encode(Envelope.of(removed))).payload()).isEqualTo(removed);
        assertThat(EventCodec.decode(EventCodec.encode(Envelope.of(departure))).payload()).isEqualTo(departure);

        String older = """
                {"id":"%s","type":"%s","key":"vnet3","time":"2026-11-26T10:00:00Z","payload":%s}""";
        IfaddrRemoved oldRemoval = (IfaddrRemoved) EventCodec.decode(older.formatted(UUID.randomUUID(), "IfaddrRemoved",
                "{\"vnetId\":\"vnet3\",\"ifName\":\"epair0b\",\"ifIndex\":6,\"family\":\"INET\","
                        + "\"address\":\"10.0.0.2\",\"prefixLength\":24}").getBytes(StandardCharsets.UTF_8)).payload();
        assertThat(oldRemoval.heldPrefixRoute()).isTrue();
        assertThat(oldRemoval.heir()).isNull();
        IfnetDeparture oldDeparture = (IfnetDeparture) EventCodec.decode(older.formatted(UUID.randomUUID(),
                "IfnetDeparture", "{\"vnetId\":\"vnet3\",\"name\":\"epair0b\",\"index\":6}")
                .getBytes(StandardCharsets.UTF_8)).payload();
        assertThat(oldDeparture.heirs()).isEmpty();
        assertThat(oldDeparture.awaitsDetach()).isTrue();
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

    @Test
    void writesTheTypeBeforeThePayloadSoThatAReaderNeedsOnePass() {
        String json = new String(EventCodec.encode(Envelope.of(new VnetAlive("vnet5", 5))), StandardCharsets.UTF_8);

        assertThat(json.indexOf("\"type\":\"VnetAlive\"")).isPositive().isLessThan(json.indexOf("\"payload\""));
    }

    @Test
    void readsAPayloadThatComesBeforeItsType() {
        UUID id = UUID.randomUUID();
        UUID saga = UUID.randomUUID();
        String json = """
                {"payload":{"vnetId":"vnet6","jid":6,"later":[1,{"a":null}]},"sagaId":"%s","causationId":null,
                 "extra":{"nested":[true]},"time":"2026-11-26T10:00:00Z","key":"vnet6","type":"VnetAlive","id":"%s",
                 "actor":"ops"}""".formatted(saga, id);

        Envelope read = EventCodec.decode(json.getBytes(StandardCharsets.UTF_8));

        assertThat(read).isEqualTo(new Envelope(id, "VnetAlive", "vnet6", Instant.parse("2026-11-26T10:00:00Z"),
                saga, null, "ops", new VnetAlive("vnet6", 6)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "truncated                 | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"payload\":{\"vnetId\":\"v\" | not JSON",
        "not an object             | [1,2]                                                        | not a JSON object",
        "a second object after it  | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\",\"jid\":1}} {\"a\":1} | Trailing token",
        "a fragment after it       | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\",\"jid\":1}}, | not JSON",
        "empty                     | ``                                                           | not a JSON object",
        "no payload                | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\"} | 'payload' is missing or not an object",
        "payload not an object     | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":[1]} | 'payload' is missing or not an object",
        "type not a string         | {\"id\":\"%s\",\"type\":{\"a\":1},\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | 'type' is missing or not a string",
        "type after a bad payload  | {\"payload\":{\"vnetId\":\"v\",\"jid\":\"many\"},\"id\":\"%s\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"type\":\"VnetAlive\"} | payload is not a valid VnetAlive",
        "id missing                | {\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | 'id' is missing or not a string",
        "id not a UUID             | {\"id\":\"x\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | bad envelope",
        "time not a time           | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"soon\",\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | bad envelope",
        "saga id a number          | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"sagaId\":7,\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | bad envelope",
        "NUL in a payload's text   | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\\u0000\",\"jid\":1}} | field 'payload.vnetId' holds the NUL character",
        "NUL in an unknown field   | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"extra\":[\"\\u0000\"],\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | field 'extra[0]' holds the NUL character",
        "NUL in a field's name     | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"payload\":{\"vnetId\":\"v\",\"jid\":1,\"a\\u0000\":1}} | holds the NUL character",
        "actor a number            | {\"id\":\"%s\",\"type\":\"VnetAlive\",\"key\":\"k\",\"time\":\"2026-11-26T10:00:00Z\",\"actor\":7,\"payload\":{\"vnetId\":\"v\",\"jid\":1}} | 'actor' is not a string",
    })
    void namesWhatIsWrongWithAnEnvelope(String what, String json, String reason) {
        byte[] bytes = json.formatted(UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> EventCodec.decode(bytes))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining(reason);
    }
}

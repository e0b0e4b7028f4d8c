package dev.jailnet.jail.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.Topics;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.testsupport.KafkaProbe;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** With no trace collector configured (as here), a request's trace is not recorded, but its context still travels. */
@QuarkusTest
@ServiceTest
class JailTracingTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRequestsEventCarriesItsTraceContextMarkedNotRecorded() {
        String name = JailResourceTest.unique("traced");
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"vnet\":true,\"persist\":true}")
                .post("/api/jails").then().statusCode(201);

        Predicate<ConsumerRecord<String, byte[]>> created = KafkaProbe.envelopeWhere(
                envelope -> envelope.payload() instanceof JailCreated event && event.name().equals(name));
        ConsumerRecord<String, byte[]> record = KafkaProbe.readUntil(bootstrap, Topics.JAIL_EVENTS,
                Duration.ofSeconds(30), seen -> seen.stream().anyMatch(created)).stream().filter(created)
                .findFirst().orElseThrow();

        Header header = record.headers().lastHeader("traceparent");
        assertThat(header).as("the record's traceparent header").isNotNull();
        // version, a trace id and a span id that are not all zeros, and the flags: 00, not sampled
        assertThat(new String(header.value(), StandardCharsets.UTF_8))
                .matches("00-(?!0{32})[0-9a-f]{32}-(?!0{16})[0-9a-f]{16}-00");
    }
}

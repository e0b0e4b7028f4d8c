package dev.jailnet.vnet.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.messaging.Housekeeping;
import dev.jailnet.messaging.MessagingConfig;
import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Destroyed VNETs and finished sagas are kept for the retention, then purged; live ones stay whatever their age. */
@QuarkusTest
@ServiceTest
class VnetRetentionTest {

    @Inject
    Housekeeping housekeeping;
    @Inject
    MessagingConfig config;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aVnetDestroyedLongerAgoThanTheRetentionGoesWithItsSagasAndNothingElseDoes() throws Exception {
        Instant now = Instant.now();
        Duration finished = config.retention().finished();
        String gone = vnet("DESTROYED", now.minus(finished).minus(Duration.ofHours(2)), "COMPLETED");
        String recent = vnet("DESTROYED", now.minus(finished).plus(Duration.ofHours(2)), "COMPLETED");
        String alive = vnet("ALIVE", now.minus(finished).minus(Duration.ofDays(30)), "COMPLETED");
        String stuck = vnet("SHUTTING_DOWN", now.minus(finished).minus(Duration.ofDays(30)), "STUCK");

        var purged = housekeeping.run(now);

        assertThat(purged).containsKey("destroyed or failed VNETs").containsKey("finished sagas");
        given().get("/api/vnets/" + gone).then().statusCode(404);
        given().get("/api/vnets/" + recent).then().statusCode(200).body("sagas.size()", equalTo(1));
        given().get("/api/vnets/" + alive).then().statusCode(200).body("sagas.size()", equalTo(0));
        given().get("/api/vnets/" + stuck).then().statusCode(200).body("sagas[0].status", equalTo("STUCK"));
    }

    /** A VNET that ended (or was created) at {@code at}, with one saga in {@code sagaStatus} that ended then. */
    private String vnet(String state, Instant at, String sagaStatus) throws Exception {
        String vnetId = "vnet-kept-" + UUID.randomUUID().toString().substring(0, 8);
        boolean ended = sagaStatus.equals("COMPLETED");
        try (Connection connection = dataSource.getConnection();
             PreparedStatement vnet = connection.prepareStatement(
                     "insert into vnet (vnet_id, jid, state, created_at, ended_at) values (?, 1, ?, ?, ?)");
             PreparedStatement saga = connection.prepareStatement("""
                     insert into saga (id, type, vnet_id, status, started_at, ended_at)
                     values (?, 'VNET_SHUTDOWN', ?, ?, ?, ?)""")) {
            vnet.setString(1, vnetId);
            vnet.setString(2, state);
            vnet.setTimestamp(3, Timestamp.from(at.minus(Duration.ofMinutes(5))));
            vnet.setTimestamp(4, state.equals("DESTROYED") ? Timestamp.from(at) : null);
            vnet.executeUpdate();
            saga.setObject(1, UUID.randomUUID());
            saga.setString(2, vnetId);
            saga.setString(3, sagaStatus);
            saga.setTimestamp(4, Timestamp.from(at.minus(Duration.ofMinutes(1))));
            saga.setTimestamp(5, ended ? Timestamp.from(at) : null);
            saga.executeUpdate();
        }
        return vnetId;
    }
}

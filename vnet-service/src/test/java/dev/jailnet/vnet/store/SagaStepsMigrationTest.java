package dev.jailnet.vnet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.vnet.config.SagaConfig;
import dev.jailnet.vnet.domain.Saga;
import dev.jailnet.vnet.domain.SagaAction;
import dev.jailnet.vnet.domain.SagaStepState;
import dev.jailnet.vnet.domain.StepStatus;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database whose sagas kept their steps in a table of their own (up to V10) keeps every step's state when
 * V11 moves them into the saga's row: migrated in a scratch schema, then read by this version.
 */
@QuarkusTest
@ServiceTest
class SagaStepsMigrationTest {

    private static final String SCHEMA = "vnet_before_v11";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    SagaRepository sagas;
    @Inject
    SagaConfig config;
    @ConfigProperty(name = "quarkus.flyway.locations")
    List<String> locations;
    @ConfigProperty(name = "quarkus.flyway.out-of-order")
    boolean outOfOrder;

    @Test
    void aSagasStepsKeepTheirStateWhenTheyMoveIntoItsRow() throws Exception {
        UUID id = UUID.randomUUID();
        try {
            migrate("10");
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                // the schema is named in each insert: a search_path set here would stay with the pooled connection
                sql.executeUpdate("insert into " + SCHEMA + ".vnet (vnet_id, jid, state, created_at)"
                        + " values ('vnet7', 7, 'SHUTTING_DOWN', now())");
                sql.executeUpdate("insert into " + SCHEMA + ".saga (id, type, vnet_id, status, started_at, interfaces)"
                        + " values ('" + id + "', 'VNET_SHUTDOWN', 'vnet7', 'RUNNING', '2026-12-02 16:00:00.123456+00',"
                        + " '[]')");
                // inserted out of order: the position, not the id, orders the steps
                sql.executeUpdate("""
                        insert into %2$s.saga_step (saga_id, position, step, compensation, status, attempts, started_at,
                                               ended_at, deadline, last_error, released, references_released, replied)
                        values ('%1$s', 1, 'TUNNEL_CACHE_RELEASE', false, 'PENDING', 0, null, null, null, null, null,
                                null, null),
                               ('%1$s', 0, 'FREEZE', false, 'RUNNING', 2, '2026-12-02 16:00:00.123456+00', null,
                                '2026-12-02 16:00:30.654321+00', 'routing-service: no answer', '{"frozen": 3}',
                                '[{"kind": "TUNNEL_NHOP", "vnetId": "vnet7", "count": 2}]', '["IFNET"]')"""
                        .formatted(id, SCHEMA));
            }
            migrate(null);

            Saga saga = QuarkusTransaction.requiringNew().call(() -> (Saga) sagas.getEntityManager()
                    .createNativeQuery("select * from " + SCHEMA + ".saga where id = ?1", Saga.class)
                    .setParameter(1, id).getSingleResult());

            List<SagaStepState> steps = saga.steps();
            assertThat(steps).extracting(SagaStepState::step)
                    .containsExactly(SagaStep.FREEZE, SagaStep.TUNNEL_CACHE_RELEASE);
            SagaStepState freeze = steps.get(0);
            assertThat(freeze.status()).isEqualTo(StepStatus.RUNNING);
            assertThat(freeze.attempts()).isEqualTo(2);
            assertThat(freeze.compensation()).isFalse();
            assertThat(freeze.startedAt()).contains(Instant.parse("2026-12-02T16:00:00.123456Z"));
            assertThat(freeze.endedAt()).isEmpty();
            assertThat(freeze.deadline()).contains(Instant.parse("2026-12-02T16:00:30.654321Z"));
            assertThat(freeze.lastError()).contains("routing-service: no answer");
            assertThat(freeze.released()).isEqualTo(Map.of("frozen", 3));
            assertThat(freeze.releases()).containsExactly(new ReleasedReferences(ReferenceKind.TUNNEL_NHOP, "vnet7", 2));
            SagaStepState caches = steps.get(1);
            assertThat(caches.status()).isEqualTo(StepStatus.PENDING);
            assertThat(caches.attempts()).isZero();
            assertThat(caches.startedAt()).isEmpty();
            assertThat(caches.released()).isEmpty();
            assertThat(caches.releases()).isEmpty();

            // IFNET had answered FREEZE: routing's answer alone ends the step, and what both released is summed
            List<SagaAction> next = saga.onReply(new SagaReply("vnet7", SagaStep.FREEZE, 2, true, null,
                    Map.of("frozen", 1), Participant.ROUTING, List.of()), Instant.now(), config.policy());
            assertThat(next).containsExactly(new SagaAction.Send(SagaStep.TUNNEL_CACHE_RELEASE, 1, Participant.IFNET));
            assertThat(saga.steps().get(0).released()).isEqualTo(Map.of("frozen", 4));
        } finally {
            try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
                sql.execute("drop schema if exists " + SCHEMA + " cascade");
            }
        }
    }

    /** This service's migrations, as it runs them, applied to the scratch schema up to {@code target} (null: all). */
    private void migrate(String target) {
        var configuration = Flyway.configure().dataSource(dataSource).schemas(SCHEMA).createSchemas(true)
                .locations(locations.toArray(String[]::new)).outOfOrder(outOfOrder);
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }
}

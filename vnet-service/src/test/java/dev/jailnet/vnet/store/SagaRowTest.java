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
import dev.jailnet.vnet.domain.SagaStatus;
import dev.jailnet.vnet.domain.SagaStepState;
import dev.jailnet.vnet.domain.SagaStepsCopy;
import dev.jailnet.vnet.domain.SagaType;
import dev.jailnet.vnet.domain.StepStatus;
import dev.jailnet.vnet.domain.Vnet;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.persister.entity.EntityPersister;
import org.junit.jupiter.api.Test;

/**
 * A saga's row. Hibernate creates and shows it: its steps (a JSON column whose values change in place) are found
 * changed by a copy made field by field, not by a trip through JSON, and its interfaces, set once, are not copied at
 * all. A transition reads and writes it with plain JDBC ({@link SagaRepository#change}): only when it changed, every
 * column it may change, readable by Hibernate as written.
 */
@QuarkusTest
@ServiceTest
class SagaRowTest {

    @Inject
    SagaRepository sagas;
    @Inject
    VnetRepository vnets;
    @Inject
    SagaConfig config;
    @Inject
    SessionFactory sessionFactory;

    @Test
    void theStepsAreCopiedFieldByFieldAndTheInterfacesAreNotCopied() {
        EntityPersister saga = sessionFactory.unwrap(SessionFactoryImplementor.class).getMappingMetamodel()
                .getEntityDescriptor(Saga.class);

        assertThat(saga.findAttributeMapping("steps").getAttributeMetadata().getMutabilityPlan())
                .isInstanceOf(SagaStepsCopy.class);
        assertThat(saga.findAttributeMapping("interfaces").getAttributeMetadata().getMutabilityPlan().isMutable())
                .isFalse();
    }

    @Test
    void anAnswerAddedToARunningStepIsWrittenAndASagaReadAndLeftAsItWasIsNot() {
        String vnetId = "vnet-row-" + UUID.randomUUID();
        Instant now = Instant.now();
        Saga created = Saga.create(SagaType.VNET_SHUTDOWN, vnetId, List.of("epair7b"), now);
        created.start(now, config.policy());
        UUID id = created.id();
        QuarkusTransaction.requiringNew().run(() -> {
            sagas.getEntityManager().createNativeQuery("insert into vnet (vnet_id, jid, state, created_at)"
                    + " values (?1, 7, 'SHUTTING_DOWN', now())").setParameter(1, vnetId).executeUpdate();
            sagas.persist(created);
        });
        long written = version(id);

        QuarkusTransaction.requiringNew().run(() -> sagas.change(id, saga -> saga).orElseThrow());
        assertThat(version(id)).as("a saga read and left as it was is not written").isEqualTo(written);
        assertThat(QuarkusTransaction.requiringNew().call(() -> sagas.change(UUID.randomUUID(), saga -> saga)))
                .as("no such saga").isEmpty();

        // FREEZE asks both layers: the first answer leaves the step running and changes only its collections
        ReleasedReferences tunnels = new ReleasedReferences(ReferenceKind.TUNNEL_NHOP, vnetId, 2);
        QuarkusTransaction.requiringNew().run(() -> assertThat(sagas.change(id, saga -> saga.onReply(
                new SagaReply(vnetId, SagaStep.FREEZE, 1, true, null, Map.of("frozen", 3), Participant.IFNET,
                        List.of(tunnels)), Instant.now(), config.policy())).orElseThrow()).isEmpty());

        assertThat(version(id)).isEqualTo(written + 1);
        Saga read = QuarkusTransaction.requiringNew().call(() -> sagas.findById(id));
        SagaStepState freeze = read.steps().get(0);
        assertThat(freeze.step()).isEqualTo(SagaStep.FREEZE);
        assertThat(freeze.status()).isEqualTo(StepStatus.RUNNING);
        assertThat(freeze.released()).isEqualTo(Map.of("frozen", 3));
        assertThat(freeze.releases()).containsExactly(tunnels);
        assertThat(read.interfaces()).containsExactly("epair7b");

        // the second answer ends the step: what both released is summed, and the next step runs
        QuarkusTransaction.requiringNew().run(() -> sagas.change(id, saga -> saga.onReply(
                new SagaReply(vnetId, SagaStep.FREEZE, 1, true, null, Map.of("frozen", 1), Participant.ROUTING,
                        List.of()), Instant.now(), config.policy())));

        Saga after = QuarkusTransaction.requiringNew().call(() -> sagas.findById(id));
        assertThat(after.steps()).extracting(SagaStepState::status)
                .startsWith(StepStatus.DONE, StepStatus.RUNNING);
        assertThat(after.steps().get(0).released()).isEqualTo(Map.of("frozen", 4));
        assertThat(version(id)).isEqualTo(written + 2);

        // a refusal: the running step's error and its deadline (the saga's too); then an operator's retry. Both a day
        // ahead, so that the service's saga timer does not find the row due and resend its step between two reads
        Instant refused = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(1, ChronoUnit.DAYS).plusNanos(123_456_000);
        QuarkusTransaction.requiringNew().run(() -> sagas.change(id, saga -> saga.onReply(
                new SagaReply(vnetId, SagaStep.TUNNEL_CACHE_RELEASE, 1, false, "busy", Map.of(), Participant.IFNET,
                        List.of()), refused, config.policy())));
        Saga notYet = QuarkusTransaction.requiringNew().call(() -> sagas.findById(id));
        assertThat(notYet.steps().get(1).lastError()).contains("busy");
        assertThat(notYet.nextDeadline()).isEqualTo(notYet.steps().get(1).deadline())
                .contains(refused.plus(config.policy().timeout(1)));
        Instant retried = refused.plusSeconds(1);
        QuarkusTransaction.requiringNew().run(() -> sagas.change(id, saga -> saga.retryNow(retried, "operator-7")));
        Saga retriedSaga = QuarkusTransaction.requiringNew().call(() -> sagas.findById(id));
        assertThat(retriedSaga.retriedBy()).contains("operator-7");
        assertThat(retriedSaga.retriedAt()).contains(retried);
        assertThat(retriedSaga.nextDeadline()).contains(retried);
        assertThat(retriedSaga.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(retriedSaga.steps()).isEqualTo(QuarkusTransaction.requiringNew()
                .call(() -> sagas.change(id, Saga::steps).orElseThrow()));
        assertThat(version(id)).isEqualTo(written + 4);
    }

    @Test
    void aSagaThatEndsIsWrittenWithItsEndAndWithoutADeadline() {
        String vnetId = "vnet-row-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what a timestamp column holds
        Saga created = Saga.create(SagaType.VNET_SHUTDOWN, vnetId, now).causedBy("operator-8");
        created.start(now, config.policy());
        UUID id = created.id();
        // made as the orchestrator makes them, without the ORM
        QuarkusTransaction.requiringNew().run(() -> {
            vnets.insert(Vnet.allocate(vnetId, 8, null, now));
            sagas.insert(created);
        });

        Instant end = now.plusSeconds(5);
        for (SagaStep step : SagaType.VNET_SHUTDOWN.steps(List.of())) {
            for (Participant participant : SagaType.VNET_SHUTDOWN.participants(step)) {
                QuarkusTransaction.requiringNew().run(() -> sagas.change(id, saga -> saga.onReply(
                        new SagaReply(vnetId, step, 1, true, null, Map.of(), participant, List.of()), end,
                        config.policy())));
            }
        }

        Saga ended = QuarkusTransaction.requiringNew().call(() -> sagas.findById(id));
        assertThat(ended.status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(ended.endedAt()).contains(end);
        assertThat(ended.nextDeadline()).isEmpty();
        assertThat(ended.reason()).isEmpty();
        assertThat(ended.steps()).extracting(SagaStepState::status).containsOnly(StepStatus.DONE);
        assertThat(ended.requestedBy()).contains("operator-8");
        assertThat(ended.startedAt()).isEqualTo(now);
    }

    private long version(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) sagas.getEntityManager()
                .createNativeQuery("select version from saga where id = ?1").setParameter(1, id).getSingleResult())
                .longValue());
    }
}

package dev.jailnet.vnet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.problem.Failure;
import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.vnet.domain.Vnet;
import dev.jailnet.vnet.domain.VnetState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A VNET's row as the orchestrator reads and writes it with plain JDBC ({@link VnetRepository#change}): every column,
 * as Hibernate reads it; written only when it changed; a row another transaction changed meanwhile is a conflict, to
 * be tried again, not a lost update.
 */
@QuarkusTest
@ServiceTest
class VnetRowTest {

    @Inject
    VnetRepository vnets;

    @Test
    void aVnetWrittenWithJdbcIsReadByHibernateAsItWas() {
        String vnetId = "vnet-row-" + UUID.randomUUID();
        // what a timestamp column holds
        Instant created = Instant.now().truncatedTo(ChronoUnit.MICROS);
        QuarkusTransaction.requiringNew().run(() -> {
            Vnet vnet = Vnet.allocate(vnetId, 41, "vnet-parent", created);
            vnet.legacyTeardown();
            vnets.insert(vnet);
            assertThat(vnets.exists(vnetId)).as("found in the transaction that made it").isTrue();
        });

        Vnet made = QuarkusTransaction.requiringNew().call(() -> vnets.findById(vnetId));
        assertThat(made.stored()).isEqualTo(new Vnet.Stored(vnetId, 41, "vnet-parent", VnetState.CREATING, created,
                null, null, null, null, false, false, true, 0));
        assertThat(QuarkusTransaction.requiringNew().call(() -> vnets.change(vnetId, vnet -> vnet.stored())))
                .contains(made.stored());

        QuarkusTransaction.requiringNew().run(() -> vnets.change(vnetId, vnet -> vnet));
        assertThat(version(vnetId)).as("read and left as it was: not written").isZero();

        Instant alive = created.plusSeconds(1);
        Instant shutdown = created.plusSeconds(2);
        QuarkusTransaction.requiringNew().run(() -> vnets.change(vnetId, vnet -> {
            vnet.alive(alive);
            vnet.jailDying();
            vnet.shuttingDown(shutdown);
            vnet.refsDrained();
            return vnet;
        }));
        Vnet changed = QuarkusTransaction.requiringNew().call(() -> vnets.findById(vnetId));
        assertThat(changed.stored()).isEqualTo(new Vnet.Stored(vnetId, 41, "vnet-parent", VnetState.SHUTTING_DOWN,
                created, alive, null, null, shutdown, true, true, true, 1));
        assertThat(vnets.exists("vnet-row-none")).isFalse();
        assertThat(QuarkusTransaction.requiringNew().call(() -> vnets.change("vnet-row-none", vnet -> vnet)))
                .isEmpty();
    }

    @Test
    void aVnetChangedByAnotherTransactionMeanwhileIsAConflictAndNothingIsLost() {
        String vnetId = "vnet-row-" + UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> vnets.insert(Vnet.allocate(vnetId, 42, null, Instant.now())));

        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> vnets.change(vnetId, vnet -> {
            // another transaction, between this one's read and its write
            QuarkusTransaction.requiringNew().run(() -> vnets.change(vnetId, other -> {
                other.jailDying();
                return other;
            }));
            vnet.alive(Instant.now());
            return vnet;
        }))).satisfies(e -> assertThat(Failure.of(e)).isEqualTo(Failure.CONFLICT));

        Vnet after = QuarkusTransaction.requiringNew().call(() -> vnets.findById(vnetId));
        assertThat(after.isJailDying()).as("the other transaction's change stays").isTrue();
        assertThat(after.state()).as("the conflicting one wrote nothing").isEqualTo(VnetState.CREATING);
        assertThat(version(vnetId)).isEqualTo(1);
    }

    private long version(String vnetId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) vnets.getEntityManager()
                .createNativeQuery("select version from vnet where vnet_id = ?1").setParameter(1, vnetId)
                .getSingleResult()).longValue());
    }
}

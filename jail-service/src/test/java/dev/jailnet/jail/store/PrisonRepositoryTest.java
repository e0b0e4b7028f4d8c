package dev.jailnet.jail.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.jail.domain.JailHold;
import dev.jailnet.jail.domain.JailParameters;
import dev.jailnet.jail.domain.JailProcess;
import dev.jailnet.jail.domain.JailService;
import dev.jailnet.jail.domain.Prison;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.hibernate.SessionEventListener;
import org.junit.jupiter.api.Test;

@QuarkusTest
@ServiceTest
class PrisonRepositoryTest {

    @Inject
    JailService jails;
    @Inject
    PrisonRepository prisons;
    @Inject
    EntityManager entityManager;

    /**
     * Every change to a jail starts by locking its tree and reading the jail whole: one statement for the lock (plain
     * JDBC, which the session's listener does not see), one for the jail with its parent, processes, holds and
     * children (three more when each collection was read alone). The lock holds until the transaction ends.
     */
    @Test
    void aJailIsLockedAndReadWholeInTwoStatements() {
        String name = "whole-" + UUID.randomUUID().toString().substring(0, 8);
        int jid = jails.create(JailParameters.of(name, false, true, false, List.of(), false)).jid();
        List<Integer> pids = List.of(jails.attach(name).pid(), jails.attach(name).pid());
        List<Long> holds = List.of(jails.hold(name, "tcp TIME_WAIT").id(), jails.hold(name, "a socket").id());

        AtomicInteger statements = new AtomicInteger();
        Prison read = QuarkusTransaction.requiringNew().call(() -> {
            entityManager.unwrap(Session.class).addEventListeners(new SessionEventListener() {
                @Override
                public void jdbcExecuteStatementStart() {
                    statements.incrementAndGet();
                }
            });
            Prison prison = prisons.lock(jid, null).orElseThrow();
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("select jid from prison where jid = ?1 for update nowait")
                    .setParameter(1, jid).getResultList()))
                    .as("another transaction finds the jail locked").hasStackTraceContaining("could not obtain lock");
            // read inside the transaction: nothing may be left to load lazily
            assertThat(prison.processes()).extracting(JailProcess::pid).containsExactlyElementsOf(pids);
            assertThat(prison.holds()).extracting(JailHold::id).containsExactlyElementsOf(holds);
            return prison;
        });

        assertThat(statements.get()).as("statements that read the jail").isEqualTo(1);
        assertThat(read.userRefs()).as("two processes and persist").isEqualTo(3);
        assertThat(read.refs()).as("and two holds").isEqualTo(5);
    }
}

package dev.jailnet.vnet.domain;

import static dev.jailnet.events.saga.Participant.IFNET;
import static dev.jailnet.events.saga.Participant.ROUTING;
import static dev.jailnet.events.saga.SagaStep.LOIF_INIT;
import static dev.jailnet.events.saga.SagaStep.LOIF_UNINIT;
import static dev.jailnet.events.saga.SagaStep.RTABLES_DESTROY;
import static dev.jailnet.events.saga.SagaStep.RTABLES_INIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SagaTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final SagaPolicy POLICY = new SagaPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3), 3,
            Duration.ofSeconds(30));

    private final Saga saga = Saga.create(SagaType.VNET_CREATE, "vnet1", T0);

    @Test
    void startsWithTheFirstStep() {
        assertThat(saga.start(T0, POLICY)).containsExactly(new SagaAction.Send(LOIF_INIT, 1, IFNET));
        assertThat(saga.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(saga.nextDeadline()).contains(T0.plusSeconds(1));
        assertThat(saga.steps()).extracting(SagaStepState::status).containsExactly(StepStatus.RUNNING, StepStatus.PENDING);
    }

    @Test
    void eachDoneStepStartsTheNextAndTheLastCompletesTheSaga() {
        saga.start(T0, POLICY);

        assertThat(saga.onReply(done(LOIF_INIT, 1, Map.of("interfaces", 1)), at(100), POLICY))
                .containsExactly(new SagaAction.Send(RTABLES_INIT, 1, ROUTING));
        assertThat(saga.onReply(done(RTABLES_INIT, 1, Map.of("ribs", 2)), at(250), POLICY))
                .containsExactly(new SagaAction.Complete());

        assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.duration()).contains(Duration.ofMillis(250));
        assertThat(saga.nextDeadline()).isEmpty();
        assertThat(saga.steps().get(0).released()).isEqualTo(Map.of("interfaces", 1));
        assertThat(saga.steps().get(1).duration()).contains(Duration.ofMillis(150));
    }

    @Test
    void aDuplicateReplyIsIgnored() {
        saga.start(T0, POLICY);
        saga.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);

        assertThat(saga.onReply(done(LOIF_INIT, 1, Map.of()), at(20), POLICY)).isEmpty();
        assertThat(saga.steps().get(1).attempts()).isEqualTo(1);
    }

    @Test
    void aReplyForAStepThatIsNotRunningIsIgnored() {
        saga.start(T0, POLICY);

        assertThat(saga.onReply(done(RTABLES_INIT, 1, Map.of()), at(10), POLICY)).isEmpty();
        assertThat(saga.steps()).extracting(SagaStepState::status).containsExactly(StepStatus.RUNNING, StepStatus.PENDING);
    }

    @Test
    void aReplyToAnEarlierAttemptOfTheRunningStepCounts() {
        saga.start(T0, POLICY);
        saga.onDeadline(at(1000), POLICY);

        assertThat(saga.onReply(done(LOIF_INIT, 1, Map.of()), at(1100), POLICY))
                .containsExactly(new SagaAction.Send(RTABLES_INIT, 1, ROUTING));
    }

    @Test
    void aReplyAfterTheEndIsIgnored() {
        saga.start(T0, POLICY);
        saga.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);
        saga.onReply(done(RTABLES_INIT, 1, Map.of()), at(20), POLICY);

        assertThat(saga.onReply(done(RTABLES_INIT, 1, Map.of()), at(30), POLICY)).isEmpty();
        assertThat(saga.onDeadline(at(100_000), POLICY)).isEmpty();
    }

    @Test
    void nothingHappensBeforeTheDeadline() {
        saga.start(T0, POLICY);

        assertThat(saga.onDeadline(at(999), POLICY)).isEmpty();
        assertThat(saga.steps().get(0).attempts()).isEqualTo(1);
    }

    @Test
    void anExpiredDeadlineResendsWithBackoff() {
        saga.start(T0, POLICY);

        assertThat(saga.onDeadline(at(1000), POLICY)).containsExactly(new SagaAction.Send(LOIF_INIT, 2, IFNET));
        assertThat(saga.nextDeadline()).contains(at(1000).plusSeconds(2));
        assertThat(saga.onDeadline(at(3000), POLICY)).containsExactly(new SagaAction.Send(LOIF_INIT, 3, IFNET));
        assertThat(saga.nextDeadline()).as("capped at maxTimeout").contains(at(3000).plusSeconds(3));
    }

    @Test
    void aCreationOutOfAttemptsIsUndoneIncludingTheStepThatTimedOut() {
        saga.start(T0, POLICY);
        saga.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);
        saga.onDeadline(at(1010), POLICY);
        saga.onDeadline(at(3010), POLICY);

        List<SagaAction> actions = saga.onDeadline(at(6010), POLICY);

        assertThat(actions).containsExactly(new SagaAction.Send(RTABLES_DESTROY, 1, ROUTING));
        assertThat(saga.status()).isEqualTo(SagaStatus.COMPENSATING);
        assertThat(saga.reason()).contains("RTABLES_INIT: no reply after 3 attempts");
        assertThat(saga.steps()).extracting(SagaStepState::step)
                .containsExactly(LOIF_INIT, RTABLES_INIT, RTABLES_DESTROY, LOIF_UNINIT);
        assertThat(saga.onReply(done(RTABLES_DESTROY, 1, Map.of()), at(6020), POLICY))
                .containsExactly(new SagaAction.Send(LOIF_UNINIT, 1, IFNET));
        assertThat(saga.onReply(done(LOIF_UNINIT, 1, Map.of()), at(6030), POLICY))
                .containsExactly(new SagaAction.Fail("RTABLES_INIT: no reply after 3 attempts"));
        assertThat(saga.status()).isEqualTo(SagaStatus.FAILED);
    }

    @Test
    void aRefusedStepUndoesOnlyWhatWasDone() {
        saga.start(T0, POLICY);

        List<SagaAction> actions = saga.onReply(failed(LOIF_INIT, 1, "no memory"), at(10), POLICY);

        assertThat(actions).containsExactly(new SagaAction.Fail("LOIF_INIT failed: no memory"));
        assertThat(saga.status()).isEqualTo(SagaStatus.FAILED);
        assertThat(saga.steps()).extracting(SagaStepState::status).containsExactly(StepStatus.FAILED, StepStatus.SKIPPED);
    }

    @Test
    void aRefusedCompensationIsRetriedAtItsDeadline() {
        saga.start(T0, POLICY);
        saga.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);
        saga.onReply(failed(RTABLES_INIT, 1, "out of fibs"), at(20), POLICY);

        assertThat(saga.onReply(failed(LOIF_UNINIT, 1, "lo0 busy"), at(30), POLICY)).isEmpty();
        assertThat(saga.steps().get(2).lastError()).contains("lo0 busy");
        assertThat(saga.onDeadline(at(1030), POLICY)).containsExactly(new SagaAction.Send(LOIF_UNINIT, 2, IFNET));
    }

    @Test
    void aCompensationOutOfAttemptsIsStuckAndKeepsRetryingSlowlyUntilItCompletes() {
        Saga undoing = Saga.create(SagaType.VNET_CREATE, "vnet2", T0);
        undoing.start(T0, POLICY);
        undoing.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);
        undoing.onReply(failed(RTABLES_INIT, 1, "x"), at(20), POLICY);
        undoing.onDeadline(at(1020), POLICY);
        undoing.onDeadline(at(3020), POLICY);

        assertThat(undoing.onDeadline(at(6020), POLICY)).containsExactly(new SagaAction.Send(LOIF_UNINIT, 4, IFNET));
        assertThat(undoing.status()).isEqualTo(SagaStatus.STUCK);
        assertThat(undoing.reason()).as("why it is being undone").contains("RTABLES_INIT failed: x");
        assertThat(undoing.steps().get(2).lastError())
                .hasValueSatisfying(e -> assertThat(e).startsWith("LOIF_UNINIT: no reply after 3 attempts"));
        assertThat(undoing.nextDeadline()).contains(at(6020).plusSeconds(30));
        assertThat(undoing.onDeadline(at(36020), POLICY)).containsExactly(new SagaAction.Send(LOIF_UNINIT, 5, IFNET));

        assertThat(undoing.onReply(done(LOIF_UNINIT, 5, Map.of()), at(36100), POLICY))
                .containsExactly(new SagaAction.Fail("RTABLES_INIT failed: x"));
        assertThat(undoing.status()).isEqualTo(SagaStatus.FAILED);
    }

    @Test
    void aReplyFromAnAttemptNotYetSentIsIgnored() {
        saga.start(T0, POLICY);

        assertThat(saga.onReply(done(LOIF_INIT, 2, Map.of()), at(10), POLICY)).isEmpty();
    }

    @Test
    void aCreationWithInterfacesLoansThemLastAndARefusedLoanUndoesTheRest() {
        Saga withLoans = Saga.create(SagaType.VNET_CREATE, "vnet3", List.of("epair0b"), T0);
        assertThat(withLoans.steps()).extracting(SagaStepState::step)
                .containsExactly(LOIF_INIT, RTABLES_INIT, SagaStep.IF_VMOVE);
        assertThat(withLoans.interfaces()).containsExactly("epair0b");
        withLoans.start(T0, POLICY);
        withLoans.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);
        withLoans.onReply(done(RTABLES_INIT, 1, Map.of()), at(20), POLICY);

        assertThat(withLoans.onReply(failed(SagaStep.IF_VMOVE, 1, "no interface epair0b in vnet0"), at(30), POLICY))
                .containsExactly(new SagaAction.Send(RTABLES_DESTROY, 1, ROUTING));
        assertThat(withLoans.steps()).extracting(SagaStepState::step)
                .containsExactly(LOIF_INIT, RTABLES_INIT, SagaStep.IF_VMOVE, RTABLES_DESTROY, LOIF_UNINIT);
    }

    @Test
    void aLoanThatTimedOutIsReturned() {
        Saga withLoans = Saga.create(SagaType.VNET_CREATE, "vnet3", List.of("epair0b"), T0);
        withLoans.start(T0, POLICY);
        withLoans.onReply(done(LOIF_INIT, 1, Map.of()), at(10), POLICY);
        withLoans.onReply(done(RTABLES_INIT, 1, Map.of()), at(20), POLICY);
        withLoans.onDeadline(at(1020), POLICY);
        withLoans.onDeadline(at(3020), POLICY);

        assertThat(withLoans.onDeadline(at(6020), POLICY)).containsExactly(new SagaAction.Send(SagaStep.IF_RETURN, 1, IFNET));
    }

    @Test
    void thePolicyBacksOffUpToItsCap() {
        assertThat(POLICY.timeout(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(POLICY.timeout(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(POLICY.timeout(3)).isEqualTo(Duration.ofSeconds(3));
        assertThat(POLICY.timeout(10)).isEqualTo(Duration.ofSeconds(3));
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static SagaReply done(SagaStep step, int attempt, Map<String, Integer> released) {
        return new SagaReply("vnet1", step, attempt, true, null, released);
    }

    private static SagaReply failed(SagaStep step, int attempt, String reason) {
        return new SagaReply("vnet1", step, attempt, false, reason, Map.of());
    }
}

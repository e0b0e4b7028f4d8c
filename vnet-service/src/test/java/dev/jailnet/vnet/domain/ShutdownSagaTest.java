package dev.jailnet.vnet.domain;

import static dev.jailnet.events.saga.Participant.IFNET;
import static dev.jailnet.events.saga.Participant.ROUTING;
import static dev.jailnet.events.saga.SagaStep.FREEZE;
import static dev.jailnet.events.saga.SagaStep.IFNET_DETACH;
import static dev.jailnet.events.saga.SagaStep.RIB_FLUSH;
import static dev.jailnet.events.saga.SagaStep.RTABLES_DESTROY;
import static dev.jailnet.events.saga.SagaStep.TUNNEL_CACHE_RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShutdownSagaTest {

    private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
    private static final SagaPolicy POLICY = new SagaPolicy(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(3), 3,
            Duration.ofSeconds(30));
    private static final ReleasedReferences GIF_NHOP = new ReleasedReferences(ReferenceKind.TUNNEL_NHOP, "vnet3", 1);
    private static final ReleasedReferences NHOP_EPAIR = new ReleasedReferences(ReferenceKind.NHOP_IFNET, "vnet3", 3);

    private final Saga saga = Saga.create(SagaType.VNET_SHUTDOWN, "vnet3", T0);

    @Test
    void theStepsAreThoseOfVnetShutdown() {
        assertThat(saga.steps()).extracting(SagaStepState::step)
                .containsExactly(FREEZE, TUNNEL_CACHE_RELEASE, RIB_FLUSH, IFNET_DETACH, RTABLES_DESTROY);
        assertThat(SagaType.VNET_SHUTDOWN.mode()).isEqualTo(SagaType.Mode.FORWARD_ONLY);
        assertThat(SagaType.VNET_SHUTDOWN.undoOf(RTABLES_DESTROY)).as("forward-only: nothing is undone").isEmpty();
    }

    @Test
    void eachStepTakesWhatTheTableSaysItTakesOfWhatTheStepsBeforeItReleased() {
        runThroughReleaseCaches();
        saga.onReply(reply(RIB_FLUSH, 1, ROUTING, List.of(NHOP_EPAIR)), at(40), POLICY);

        assertThat(saga.inputFor(IFNET_DETACH)).as("the interface references, not the tunnels' holds")
                .containsExactly(NHOP_EPAIR);
        assertThat(saga.inputFor(RTABLES_DESTROY)).isEmpty();
        assertThat(saga.participants(FREEZE)).containsExactlyInAnyOrder(IFNET, ROUTING);
    }

    @Test
    void freezeGoesToBothLayersAndCompletesWhenBothAnswered() {
        assertThat(saga.start(T0, POLICY)).containsExactly(new SagaAction.Send(FREEZE, 1, IFNET),
                new SagaAction.Send(FREEZE, 1, ROUTING));

        assertThat(saga.onReply(reply(FREEZE, 1, ROUTING, List.of()), at(10), POLICY)).isEmpty();
        assertThat(saga.onReply(reply(FREEZE, 1, ROUTING, List.of()), at(11), POLICY)).as("the same answer twice")
                .isEmpty();
        assertThat(saga.onReply(reply(FREEZE, 1, IFNET, List.of()), at(12), POLICY))
                .containsExactly(new SagaAction.Send(TUNNEL_CACHE_RELEASE, 1, IFNET));
    }

    @Test
    void aFreezeWithoutOneAnswerIsSentAgainOnlyToTheSilentLayer() {
        saga.start(T0, POLICY);
        saga.onReply(reply(FREEZE, 1, IFNET, List.of()), at(10), POLICY);

        assertThat(saga.onDeadline(at(1000), POLICY)).containsExactly(new SagaAction.Send(FREEZE, 2, ROUTING));
    }

    @Test
    void whatOneStepReleasesIsTheNextStepsInput() {
        runThroughReleaseCaches();

        assertThat(saga.inputFor(RIB_FLUSH)).containsExactly(GIF_NHOP);
        saga.onReply(reply(RIB_FLUSH, 1, ROUTING, List.of(NHOP_EPAIR)), at(40), POLICY);
        assertThat(saga.inputFor(IFNET_DETACH)).containsExactly(NHOP_EPAIR);
    }

    @Test
    void aRefusedStepIsRetriedThenStuckWithTheReasonAndNeverUndone() {
        runThroughReleaseCaches();
        saga.onReply(reply(RIB_FLUSH, 1, ROUTING, List.of(NHOP_EPAIR)), at(40), POLICY);
        String held = "ifnet:5 (epair0b) still held by nhop:vnet0/17";

        assertThat(saga.onReply(failed(IFNET_DETACH, 1, held), at(50), POLICY)).isEmpty();
        assertThat(saga.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(saga.onDeadline(at(1050), POLICY)).containsExactly(new SagaAction.Send(IFNET_DETACH, 2, IFNET));
        saga.onReply(failed(IFNET_DETACH, 2, held), at(1060), POLICY);
        assertThat(saga.onDeadline(at(3060), POLICY)).containsExactly(new SagaAction.Send(IFNET_DETACH, 3, IFNET));
        saga.onReply(failed(IFNET_DETACH, 3, held), at(3070), POLICY);

        assertThat(saga.onDeadline(at(6070), POLICY)).containsExactly(new SagaAction.Send(IFNET_DETACH, 4, IFNET));
        assertThat(saga.status()).isEqualTo(SagaStatus.STUCK);
        assertThat(saga.reason()).hasValueSatisfying(r -> assertThat(r).contains(held));
        assertThat(saga.steps()).noneMatch(SagaStepState::compensation);

        assertThat(saga.onReply(done(IFNET_DETACH, 4, IFNET), at(7000), POLICY))
                .containsExactly(new SagaAction.Send(RTABLES_DESTROY, 1, ROUTING));
        assertThat(saga.status()).isEqualTo(SagaStatus.RUNNING);
        assertThat(saga.onReply(done(RTABLES_DESTROY, 1, ROUTING), at(7100), POLICY))
                .containsExactly(new SagaAction.Complete());
        assertThat(saga.status()).isEqualTo(SagaStatus.COMPLETED);
        assertThat(saga.reason()).isEmpty();
    }

    @Test
    void anOperatorsRetrySendsTheRunningStepAtTheNextTick() {
        runThroughReleaseCaches();

        assertThat(saga.retryNow(at(50), "alice")).isTrue();
        assertThat(saga.retriedBy()).contains("alice");
        assertThat(saga.onDeadline(at(50), POLICY)).containsExactly(new SagaAction.Send(RIB_FLUSH, 2, ROUTING));
    }

    private void runThroughReleaseCaches() {
        saga.start(T0, POLICY);
        saga.onReply(reply(FREEZE, 1, IFNET, List.of()), at(10), POLICY);
        saga.onReply(reply(FREEZE, 1, ROUTING, List.of()), at(20), POLICY);
        saga.onReply(reply(TUNNEL_CACHE_RELEASE, 1, IFNET, List.of(GIF_NHOP)), at(30), POLICY);
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static SagaReply reply(SagaStep step, int attempt, Participant by, List<ReleasedReferences> refs) {
        return new SagaReply("vnet3", step, attempt, true, null, Map.of(), by, refs);
    }

    private static SagaReply done(SagaStep step, int attempt, Participant by) {
        return reply(step, attempt, by, List.of());
    }

    private static SagaReply failed(SagaStep step, int attempt, String reason) {
        return new SagaReply("vnet3", step, attempt, false, reason, Map.of(), IFNET, List.of());
    }
}

package dev.jailnet.jail.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.problem.Rejected;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PrisonTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void aVnetJailIsInvalidUntilItsVnetIsAlive() {
        Prison prison = Prison.create(1, "web", true, "vnet1", true, NOW);

        assertThat(prison.state()).isEqualTo(PrisonState.INVALID);
        assertThat(prison.vnetId()).isEqualTo("vnet1");
        assertThat(prison.vnetAlive(NOW)).isTrue();
        assertThat(prison.state()).isEqualTo(PrisonState.ALIVE);
        assertThat(prison.vnetAlive(NOW)).as("a second VnetAlive changes nothing").isFalse();
    }

    @Test
    void aJailWithoutVnetSharesVnet0AndIsAliveAtOnce() {
        Prison prison = Prison.create(2, "db", false, "ignored", true, NOW);

        assertThat(prison.state()).isEqualTo(PrisonState.ALIVE);
        assertThat(prison.vnetId()).isEqualTo("vnet0");
        assertThat(prison.vnetAlive(NOW)).isFalse();
    }

    @Test
    void persistIsOneUserReference() {
        assertThat(Prison.create(1, "a", false, null, true, NOW).userRefs()).isEqualTo(1);
        assertThat(Prison.create(1, "a", false, null, true, NOW).refs()).isEqualTo(1);
        assertThat(Prison.create(1, "a", false, null, false, NOW).userRefs()).isZero();
    }

    /** jail -m nopersist: persist is a user reference; the jail dies when it was the last one, as with a process. */
    @Test
    void clearingPersistKillsAJailThatNothingElseKeeps() {
        Prison kept = Prison.create(1, "kept", false, null, true, NOW);
        kept.attach(100, NOW);
        assertThat(kept.persist(false, NOW)).isFalse();
        assertThat(kept.userRefs()).isEqualTo(1);
        assertThat(kept.exit(100, NOW)).as("now its last process kills it").isTrue();

        Prison alone = Prison.create(2, "alone", false, null, true, NOW);
        assertThat(alone.persist(true, NOW)).as("set already: nothing changes").isFalse();
        assertThat(alone.userRefs()).isEqualTo(1);
        assertThat(alone.persist(false, NOW)).isTrue();
        assertThat(alone.state()).isEqualTo(PrisonState.DYING);
        assertThat(alone.refs()).isZero();
        assertThatThrownBy(() -> alone.persist(true, NOW)).isInstanceOf(Rejected.class)
                .hasMessageContaining("it is DYING, not ALIVE");

        Prison parent = Prison.create(3, "a", false, null, true, 1, NOW);
        Prison child = parent.createChild(4, "b", false, null, true, 0, NOW);
        assertThat(parent.persist(false, NOW)).as("a live child keeps it").isFalse();
        child.remove(NOW, null);
        assertThat(parent.childDied(NOW)).isTrue();
    }

    @Test
    void processesCountInBothCountersAndHoldsOnlyInRefs() {
        Prison prison = Prison.create(1, "web", false, null, true, NOW);
        prison.attach(100, NOW);
        prison.attach(101, NOW);
        prison.hold(7, "tcp TIME_WAIT", NOW);

        assertThat(prison.userRefs()).isEqualTo(3);
        assertThat(prison.refs()).isEqualTo(4);

        prison.exit(100, NOW);
        prison.release(7);

        assertThat(prison.userRefs()).isEqualTo(2);
        assertThat(prison.refs()).isEqualTo(2);
        assertThat(prison.state()).isEqualTo(PrisonState.ALIVE);
    }

    @Test
    void aNonPersistentJailDiesWithItsLastProcess() {
        Prison prison = Prison.create(1, "web", false, null, false, NOW);
        prison.attach(100, NOW);
        prison.attach(101, NOW);

        assertThat(prison.exit(100, NOW)).isFalse();
        assertThat(prison.state()).isEqualTo(PrisonState.ALIVE);
        assertThat(prison.exit(101, NOW)).isTrue();
        assertThat(prison.state()).isEqualTo(PrisonState.DYING);
        assertThat(prison.reason()).contains("last process exited");
        assertThat(prison.dyingAt()).contains(NOW);
    }

    @Test
    void aPersistentJailOutlivesItsProcesses() {
        Prison prison = Prison.create(1, "web", false, null, true, NOW);
        prison.attach(100, NOW);

        assertThat(prison.exit(100, NOW)).isFalse();
        assertThat(prison.state()).isEqualTo(PrisonState.ALIVE);
    }

    @Test
    void aHoldKeepsADyingJailReferenced() {
        Prison prison = Prison.create(1, "web", false, null, false, NOW);
        prison.attach(100, NOW);
        prison.hold(9, "tcp TIME_WAIT", NOW);
        prison.exit(100, NOW);

        assertThat(prison.state()).isEqualTo(PrisonState.DYING);
        assertThat(prison.userRefs()).isZero();
        assertThat(prison.refs()).isEqualTo(1);
        prison.release(9);
        assertThat(prison.refs()).isZero();
    }

    @Test
    void onlyAnAliveJailTakesProcessesOrHolds() {
        Prison invalid = Prison.create(1, "web", true, "vnet1", true, NOW);
        assertThatThrownBy(() -> invalid.attach(100, NOW)).isInstanceOf(Rejected.class)
                .hasMessageContaining("it is INVALID, not ALIVE")
                .extracting(e -> ((Rejected) e).kind()).isEqualTo(Rejected.Kind.CONFLICT);
        assertThatThrownBy(() -> invalid.hold(1, "x", NOW)).isInstanceOf(Rejected.class);

        Prison dying = Prison.create(2, "db", true, "vnet2", true, NOW);
        dying.creationFailed("no lo0", NOW);
        assertThatThrownBy(() -> dying.attach(100, NOW)).hasMessageContaining("it is DYING, not ALIVE");
        assertThatThrownBy(() -> dying.hold(1, "x", NOW)).hasMessageContaining("DYING");
    }

    @Test
    void unknownProcessesAndHoldsAreNotFound() {
        Prison prison = Prison.create(1, "web", false, null, true, NOW);

        assertThatThrownBy(() -> prison.exit(4242, NOW)).isInstanceOf(Rejected.class)
                .hasMessage("jail 1 has no process 4242")
                .extracting(e -> ((Rejected) e).kind()).isEqualTo(Rejected.Kind.NOT_FOUND);
        assertThatThrownBy(() -> prison.release(3)).hasMessage("jail 1 has no hold 3");
    }

    @Test
    void aFailedCreationKillsTheJailWithTheReasonOnce() {
        Prison prison = Prison.create(1, "web", true, "vnet1", true, NOW);

        assertThat(prison.creationFailed("LOIF_INIT timed out", NOW)).isTrue();
        assertThat(prison.state()).isEqualTo(PrisonState.DYING);
        assertThat(prison.persist()).isFalse();
        assertThat(prison.refs()).isZero();
        assertThat(prison.reason()).contains("creation failed: LOIF_INIT timed out");
        assertThat(prison.freeable()).as("the creation undid its VNET: nothing keeps the jail").isTrue();
        assertThat(prison.drained()).isFalse();
        assertThat(prison.creationFailed("again", NOW)).isFalse();
        assertThat(prison.vnetAlive(NOW)).as("a late VnetAlive does not revive it").isFalse();
        assertThat(prison.state()).isEqualTo(PrisonState.DYING);
    }

    @Test
    void jailRemoveKillsEveryProcessClearsPersistAndIsANoOpOnADyingJail() {
        Prison prison = Prison.create(1, "web", true, "vnet1", true, NOW);
        prison.vnetAlive(NOW);
        prison.attach(100, NOW);
        prison.hold(3, "tcp TIME_WAIT", NOW);

        assertThat(prison.remove(NOW, "alice")).isTrue();
        assertThat(prison.state()).isEqualTo(PrisonState.DYING);
        assertThat(prison.removedBy()).contains("alice");
        assertThat(prison.persist()).isFalse();
        assertThat(prison.processes()).isEmpty();
        assertThat(prison.userRefs()).isZero();
        assertThat(prison.refs()).as("the hold").isEqualTo(1);
        assertThat(prison.reason()).contains("jail_remove");
        assertThat(prison.remove(NOW, "bob")).isFalse();
        assertThat(prison.removedBy()).as("who removed it first").contains("alice");
    }

    @Test
    void anAliveJailIgnoresAFailedCreation() {
        Prison prison = Prison.create(1, "web", true, "vnet1", true, NOW);
        prison.vnetAlive(NOW);

        assertThat(prison.creationFailed("late", NOW)).isFalse();
        assertThat(prison.state()).isEqualTo(PrisonState.ALIVE);
    }

    @Test
    void aDyingVnetJailIsDrainedWhileItsVnetExistsAndFreeableOnceItIsGone() {
        Prison prison = Prison.create(1, "web", true, "vnet1", true, NOW);
        prison.vnetAlive(NOW);
        prison.hold(3, "tcp TIME_WAIT", NOW);
        prison.remove(NOW, null);
        assertThat(prison.drained()).as("held").isFalse();
        assertThat(prison.freeable()).isFalse();

        prison.vnetDestroyed();
        assertThat(prison.freeable()).as("the legacy teardown destroyed the VNET, but the hold keeps the jail").isFalse();
        prison.release(3);
        assertThat(prison.freeable()).isTrue();
        assertThat(prison.drained()).as("its VNET is gone already").isFalse();
    }

    @Test
    void aJailThatIsNotPersistentAndWhoseCreatorLeftDiesWhenItsVnetIsAlive() {
        Prison prison = Prison.create(1, "web", true, "vnet1", false, NOW);
        prison.attachCreator(100, NOW);
        prison.exit(100, NOW);
        assertThat(prison.state()).as("still being created").isEqualTo(PrisonState.INVALID);

        assertThat(prison.vnetAlive(NOW)).isTrue();
        assertThat(prison.state()).isEqualTo(PrisonState.DYING);
        assertThat(prison.reason()).contains("no process and not persistent");
        assertThat(prison.drained()).isTrue();
    }

    @Test
    void aChildHoldsAUserReferenceOnItsParentWhileAliveAndAReferenceUntilFreed() {
        Prison parent = Prison.create(1, "a", true, "vnet1", false, 1, NOW);
        parent.attachCreator(100, NOW);
        parent.vnetAlive(NOW);
        Prison child = parent.createChild(2, "b", false, null, true, 0, NOW);

        assertThat(child.name()).isEqualTo("a.b");
        assertThat(child.vnetId()).as("without a VNET of its own it shares its parent's").isEqualTo("vnet1");
        assertThat(child.parentJid()).contains(1);
        assertThat(parent.userRefs()).isEqualTo(2);
        assertThat(parent.refs()).isEqualTo(2);
        assertThat(parent.exit(100, NOW)).as("the child keeps it").isFalse();
        assertThat(parent.state()).isEqualTo(PrisonState.ALIVE);

        child.remove(NOW, "op");
        assertThat(parent.userRefs()).isZero();
        assertThat(parent.refs()).as("until the child is freed").isEqualTo(1);
        assertThat(parent.childDied(NOW)).isTrue();
        assertThat(parent.state()).isEqualTo(PrisonState.DYING);
        parent.childFreed(child);
        assertThat(parent.refs()).isZero();
    }

    @Test
    void childrenMaxCountsEveryDescendantOfEveryAncestor() {
        Prison a = Prison.create(1, "a", false, null, true, 2, NOW);
        Prison b = a.createChild(2, "b", false, null, true, 1, NOW);
        assertThatThrownBy(() -> a.createChild(3, "x", false, null, true, 2, NOW)).isInstanceOf(Rejected.class)
                .hasMessageContaining("must be at most 1");
        Prison c = b.createChild(3, "c", false, null, true, 0, NOW);

        assertThat(c.name()).isEqualTo("a.b.c");
        assertThat(a.childrenCur()).isEqualTo(2);
        assertThat(b.childrenCur()).isEqualTo(1);
        assertThatThrownBy(() -> a.createChild(4, "d", false, null, true, 0, NOW)).isInstanceOf(Rejected.class)
                .hasMessageStartingWith("prison limit exceeded: jail 1 (a)");
        assertThatThrownBy(() -> c.createChild(4, "d", false, null, true, 0, NOW))
                .hasMessageStartingWith("prison limit exceeded: jail 3 (a.b.c)");
    }

    @Test
    void aParentsCleanupWaitsForEveryChildsVnetShutdown() {
        Prison a = Prison.create(1, "a", true, "vnet1", true, 2, NOW);
        a.vnetAlive(NOW);
        Prison b = a.createChild(2, "b", true, "vnet2", true, 1, NOW);
        b.vnetAlive(NOW);
        Prison shared = a.createChild(3, "s", false, null, true, 0, NOW);

        assertThat(a.descendantsDeepestFirst()).containsExactly(b, shared);
        a.descendantsDeepestFirst().forEach(d -> d.removeWithAncestor(1, NOW, "op"));
        a.remove(NOW, "op");
        assertThat(b.reason()).contains("jail_remove of its ancestor 1");

        assertThat(a.startCleanup()).as("its children have not begun theirs").isFalse();
        assertThat(shared.startCleanup()).isTrue();
        assertThat(shared.cleanedUp()).as("no VNET of its own to shut down").isTrue();
        assertThat(b.startCleanup()).isTrue();
        assertThat(b.cleanedUp()).isFalse();
        assertThat(a.startCleanup()).as("b's VNET is still shutting down").isFalse();
        b.vnetShutdownCompleted();
        assertThat(b.cleanedUp()).isTrue();
        assertThat(a.startCleanup()).isTrue();
        assertThat(a.startCleanup()).as("once").isFalse();
    }

    @Test
    void aTreeIsRemovedDeepestFirst() {
        Prison a = Prison.create(1, "a", false, null, true, 5, NOW);
        Prison b = a.createChild(2, "b", false, null, true, 2, NOW);
        Prison c = b.createChild(3, "c", false, null, true, 0, NOW);
        Prison d = b.createChild(4, "d", false, null, true, 0, NOW);
        Prison e = a.createChild(5, "e", false, null, true, 0, NOW);

        assertThat(a.descendantsDeepestFirst()).containsExactly(c, d, b, e);
        assertThat(b.descendantsDeepestFirst()).containsExactly(c, d);
    }
}

package dev.jailnet.vnet.domain;

import static dev.jailnet.events.saga.Participant.IFNET;
import static dev.jailnet.events.saga.Participant.ROUTING;
import static dev.jailnet.events.saga.ReferenceKind.NHOP_IFNET;
import static dev.jailnet.events.saga.ReferenceKind.RIB_SUBSCRIPTION;
import static dev.jailnet.events.saga.ReferenceKind.TUNNEL_NHOP;
import static dev.jailnet.events.saga.SagaStep.FREEZE;
import static dev.jailnet.events.saga.SagaStep.IFNET_DETACH;
import static dev.jailnet.events.saga.SagaStep.IF_RETURN;
import static dev.jailnet.events.saga.SagaStep.IF_VMOVE;
import static dev.jailnet.events.saga.SagaStep.LOIF_INIT;
import static dev.jailnet.events.saga.SagaStep.LOIF_UNINIT;
import static dev.jailnet.events.saga.SagaStep.RIB_FLUSH;
import static dev.jailnet.events.saga.SagaStep.RTABLES_DESTROY;
import static dev.jailnet.events.saga.SagaStep.RTABLES_INIT;
import static dev.jailnet.events.saga.SagaStep.TUNNEL_CACHE_RELEASE;

import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.SagaStep;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The sagas vnet-service orchestrates, each declared once, as a table read top to bottom: the steps in order,
 * who carries each out, what it takes from the steps before it and what it releases for those after it, how a
 * creation step is undone or why a shutdown step may be refused (and retried: {@code vnet_shutdown} is never
 * undone), and what follows the last step. The timeline ({@code GET /api/sagas/{id}}) and the docs use the same
 * step names. See the package documentation for the lifecycle around them.
 */
public enum SagaType {

    /** {@code vnet_alloc}: the subsystems' constructors in ascending order. A failed step undoes those before it. */
    VNET_CREATE(Mode.UNDONE_ON_FAILURE, End.VNET_ALIVE,
            //   step           carried out by   undone by
            step(LOIF_INIT,     IFNET).undoneBy(LOIF_UNINIT),
            step(RTABLES_INIT,  ROUTING).undoneBy(RTABLES_DESTROY),
            step(IF_VMOVE,      IFNET).undoneBy(IF_RETURN).onlyWhenMovingInterfaces()),

    /**
     * {@code vnet_shutdown}: forward-only. A refused step is sent again after its deadline; after its bounded
     * attempts the saga is STUCK (still retrying, slowly), never undone.
     */
    VNET_SHUTDOWN(Mode.FORWARD_ONLY, End.VNET_SHUT_DOWN,
            //   step                  carried out by    takes                          releases
            step(FREEZE,               IFNET, ROUTING),
            step(TUNNEL_CACHE_RELEASE, IFNET)                                         .releases(TUNNEL_NHOP, RIB_SUBSCRIPTION),
            step(RIB_FLUSH,            ROUTING).takes(TUNNEL_NHOP, RIB_SUBSCRIPTION).releases(NHOP_IFNET),
            step(IFNET_DETACH,         IFNET).takes(NHOP_IFNET)
                    .refusedWhile("an interface of the VNET, or one it destroyed elsewhere, is still referenced"),
            step(RTABLES_DESTROY,      ROUTING)
                    .refusedWhile("a route or a subscription is left in its RIBs"));

    /** How a saga meets a step that fails. */
    public enum Mode {
        /** The steps done are undone, in reverse order, by their undo steps; the saga FAILS. */
        UNDONE_ON_FAILURE,
        /** A refused step is retried until it is done; the saga is STUCK meanwhile, never undone. */
        FORWARD_ONLY
    }

    /** What follows the last step. */
    public enum End {
        /** The VNET is ALIVE ({@code VnetAlive}); its shutdown starts at once if its jail died meanwhile. */
        VNET_ALIVE,
        /** The VNET is SHUT_DOWN ({@code VnetShutdownCompleted}); destroyed once its jail holds nothing. */
        VNET_SHUT_DOWN
    }

    /**
     * One row of the table.
     *
     * @param participants who carry it out: the step is done when all have answered
     * @param takes        what it applies of what the steps before it released (passed on by the orchestrator)
     * @param releases     what it releases, for the steps after it
     * @param undoneBy     the step that undoes it, when the saga is undone
     * @param refusedWhile why a participant may refuse it (a forward-only saga retries it)
     * @param onlyToMoveInterfaces left out of a saga that moves no interface
     */
    public record Step(SagaStep step, Set<Participant> participants, Set<ReferenceKind> takes,
                       Set<ReferenceKind> releases, Optional<SagaStep> undoneBy, Optional<String> refusedWhile,
                       boolean onlyToMoveInterfaces) {

        Step takes(ReferenceKind... kinds) {
            return new Step(step, participants, Set.of(kinds), releases, undoneBy, refusedWhile, onlyToMoveInterfaces);
        }

        Step releases(ReferenceKind... kinds) {
            return new Step(step, participants, takes, Set.of(kinds), undoneBy, refusedWhile, onlyToMoveInterfaces);
        }

        Step undoneBy(SagaStep undo) {
            return new Step(step, participants, takes, releases, Optional.of(undo), refusedWhile, onlyToMoveInterfaces);
        }

        Step refusedWhile(String rule) {
            return new Step(step, participants, takes, releases, undoneBy, Optional.of(rule), onlyToMoveInterfaces);
        }

        Step onlyWhenMovingInterfaces() {
            return new Step(step, participants, takes, releases, undoneBy, refusedWhile, true);
        }
    }

    private static Step step(SagaStep step, Participant... participants) {
        return new Step(step, Set.of(participants), Set.of(), Set.of(), Optional.empty(), Optional.empty(), false);
    }

    private final Mode mode;
    private final End end;
    private final List<Step> steps;

    SagaType(Mode mode, End end, Step... steps) {
        this.mode = mode;
        this.end = end;
        this.steps = List.of(steps);
    }

    public Mode mode() {
        return mode;
    }

    public End end() {
        return end;
    }

    /** The rows, in order. */
    public List<Step> declared() {
        return steps;
    }

    /** The steps of a saga that moves these interfaces: one with nothing to move is left out. */
    public List<SagaStep> steps(List<String> interfaces) {
        return steps.stream().filter(s -> !s.onlyToMoveInterfaces() || !interfaces.isEmpty()).map(Step::step).toList();
    }

    /** The step that undoes {@code step}; none in a forward-only saga. */
    public Optional<SagaStep> undoOf(SagaStep step) {
        return mode == Mode.FORWARD_ONLY ? Optional.empty() : row(step).flatMap(Step::undoneBy);
    }

    /** Who carries a step out; an undo step is carried out by those of the step it undoes. */
    public Set<Participant> participants(SagaStep step) {
        return row(step).or(() -> steps.stream().filter(s -> s.undoneBy().filter(step::equals).isPresent()).findFirst())
                .map(Step::participants)
                .orElseThrow(() -> new IllegalArgumentException(step + " is no step of " + this));
    }

    /** What a step applies of what the steps before it released. */
    public Set<ReferenceKind> takes(SagaStep step) {
        return row(step).map(Step::takes).orElse(Set.of());
    }

    private Optional<Step> row(SagaStep step) {
        return steps.stream().filter(s -> s.step() == step).findFirst();
    }
}

package dev.jailnet.vnet.domain;

import dev.jailnet.events.TimeOrderedIds;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.ReferenceKind;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.SagaStep;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.annotations.Mutability;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.java.Immutability;

/**
 * A saga and its state machine. One step runs at a time; each transition returns the actions the
 * orchestrator must take in the same transaction (send a command, act on the outcome). Replies for
 * another step, or after the end, are ignored; a reply from an earlier attempt of the running step
 * counts, since participants answer every attempt of a step alike.
 */
@Entity
@Table(name = "saga")
public class Saga {

    @Id
    private UUID id;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SagaType type;

    @Column(name = "vnet_id", nullable = false)
    private String vnetId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SagaStatus status;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    /** The running step's deadline, kept here so that due sagas are found with one indexed query. */
    @Column(name = "next_deadline")
    private Instant nextDeadline;

    private String reason;

    /** Who caused the saga (the actor of the message or the API call that started it), if anyone did. */
    @Column(name = "requested_by")
    private String requestedBy;

    /** Who last sent its running step again by hand, and when. */
    @Column(name = "retried_by")
    private String retriedBy;

    @Column(name = "retried_at")
    private Instant retriedAt;

    /**
     * In order, compensations after the steps they undo; kept in the saga's row, read and written with it. Hibernate
     * keeps a copy of them to find the row changed at a flush: made field by field ({@link SagaStepsCopy}).
     */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(SagaStepsCopy.class)
    private List<SagaStepState> steps = new ArrayList<>();

    /** The interfaces the saga moves ({@code vnet.interface} of the jail); set once, never changed. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Mutability(Immutability.class)
    private List<String> interfaces = List.of();

    /** The VNET a creation saga makes its VNET from, where it takes the interfaces; null for vnet0's children. */
    @Column(name = "parent_vnet_id")
    private String parentVnetId;

    @Version
    private long version;

    protected Saga() {
    }

    private Saga(UUID id, SagaType type, String vnetId, List<String> interfaces, Instant now) {
        this.id = id;
        this.type = type;
        this.vnetId = vnetId;
        this.interfaces = List.copyOf(interfaces);
        this.startedAt = now;
        this.status = SagaStatus.RUNNING;
        type.steps(interfaces).forEach(step -> steps.add(new SagaStepState(step, false)));
    }

    /**
     * A saga as its row holds it, but its version: what the orchestrator's transitions read and write without the ORM
     * (see {@code SagaRepository.change}). The steps are a copy, so that a snapshot taken before a transition tells
     * whether it changed anything.
     */
    public record Stored(UUID id, SagaType type, String vnetId, SagaStatus status, Instant startedAt, Instant endedAt,
                         Instant nextDeadline, String reason, String requestedBy, String retriedBy, Instant retriedAt,
                         String parentVnetId, List<String> interfaces, List<SagaStepState> steps) {
    }

    public static Saga restore(Stored row) {
        Saga saga = new Saga();
        saga.id = row.id();
        saga.type = row.type();
        saga.vnetId = row.vnetId();
        saga.status = row.status();
        saga.startedAt = row.startedAt();
        saga.endedAt = row.endedAt();
        saga.nextDeadline = row.nextDeadline();
        saga.reason = row.reason();
        saga.requestedBy = row.requestedBy();
        saga.retriedBy = row.retriedBy();
        saga.retriedAt = row.retriedAt();
        saga.parentVnetId = row.parentVnetId();
        saga.interfaces = List.copyOf(row.interfaces());
        saga.steps = new ArrayList<>(row.steps());
        return saga;
    }

    public Stored stored() {
        return new Stored(id, type, vnetId, status, startedAt, endedAt, nextDeadline, reason, requestedBy, retriedBy,
                retriedAt, parentVnetId, interfaces, new SagaStepsCopy().deepCopy(steps));
    }

    public static Saga create(SagaType type, String vnetId, Instant now) {
        return create(type, vnetId, List.of(), now);
    }

    public static Saga create(SagaType type, String vnetId, List<String> interfaces, Instant now) {
        return new Saga(TimeOrderedIds.next(), type, vnetId, interfaces, now);
    }

    /** Sends the first step's command. */
    public List<SagaAction> start(Instant now, SagaPolicy policy) {
        return begin(steps.get(0), now, policy);
    }

    public List<SagaAction> onReply(SagaReply reply, Instant now, SagaPolicy policy) {
        Optional<SagaStepState> running = running();
        if (status.ended() || running.isEmpty() || running.get().step() != reply.step()
                || reply.attempt() > running.get().attempts()) {
            return List.of();
        }
        SagaStepState step = running.get();
        if (reply.success()) {
            if (!step.answered(type.participants(step.step()), reply.participant(), reply.released(), reply.releases())) {
                return List.of();
            }
            step.done(now);
            return next(now, policy);
        }
        if (!step.compensation() && type.mode() == SagaType.Mode.UNDONE_ON_FAILURE) {
            step.failed(now, reply.reason());
            return compensate(step.step() + " failed: " + reply.reason(), now, policy);
        }
        step.notYet(reply.reason(), now.plus(policy.timeout(step.attempts())));
        nextDeadline = step.deadline().orElse(null);
        return List.of();
    }

    /** Re-sends the running step when its deadline has passed; gives up on it after the bounded attempts. */
    public List<SagaAction> onDeadline(Instant now, SagaPolicy policy) {
        Optional<SagaStepState> running = running();
        if (status.ended() || running.isEmpty() || running.get().deadline().map(now::isBefore).orElse(true)) {
            return List.of();
        }
        SagaStepState step = running.get();
        if (step.attempts() < policy.maxAttempts()) {
            return resend(step, now, policy.timeout(step.attempts() + 1));
        }
        String error = step.step() + ": no reply after " + step.attempts() + " attempts"
                + step.lastError().map(e -> " (last error: " + e + ")").orElse("");
        if (!step.compensation() && type.mode() == SagaType.Mode.UNDONE_ON_FAILURE) {
            step.failed(now, error);
            return compensate(error, now, policy, step);
        }
        // out of attempts but forward-only (or undoing): keep trying, slowly, and say why it is stuck
        status = SagaStatus.STUCK;
        step.stuck(error);
        if (!compensating()) {
            reason = error;
        }
        return resend(step, now, policy.stuckRetry());
    }

    private List<SagaAction> resend(SagaStepState step, Instant now, Duration timeout) {
        step.retry(now, timeout);
        nextDeadline = step.deadline().orElse(null);
        return step.awaiting(type.participants(step.step())).stream()
                .map(p -> (SagaAction) new SagaAction.Send(step.step(), step.attempts(), p)).toList();
    }

    private List<SagaAction> next(Instant now, SagaPolicy policy) {
        if (status == SagaStatus.STUCK) {
            status = compensating() ? SagaStatus.COMPENSATING : SagaStatus.RUNNING;
        }
        Optional<SagaStepState> pending = steps.stream().filter(s -> s.status() == StepStatus.PENDING).findFirst();
        if (pending.isPresent()) {
            return begin(pending.get(), now, policy);
        }
        nextDeadline = null;
        endedAt = now;
        if (compensating()) {
            status = SagaStatus.FAILED;
            return List.of(new SagaAction.Fail(reason));
        }
        status = SagaStatus.COMPLETED;
        reason = null;
        return List.of(new SagaAction.Complete());
    }

    /**
     * Undoes, in reverse order, every step that is done, and the one that timed out too (its command may
     * still arrive and take effect; compensations are idempotent, so undoing nothing is harmless).
     */
    private List<SagaAction> compensate(String why, Instant now, SagaPolicy policy, SagaStepState... timedOut) {
        reason = why;
        status = SagaStatus.COMPENSATING;
        steps.stream().filter(s -> s.status() == StepStatus.PENDING).forEach(SagaStepState::skip);
        List<SagaStepState> undo = new ArrayList<>(steps.stream().filter(s -> s.status() == StepStatus.DONE).toList());
        undo.addAll(List.of(timedOut));
        for (int i = undo.size() - 1; i >= 0; i--) {
            type.undoOf(undo.get(i).step()).ifPresent(c -> steps.add(new SagaStepState(c, true)));
        }
        return next(now, policy);
    }

    private List<SagaAction> begin(SagaStepState step, Instant now, SagaPolicy policy) {
        step.begin(now, policy.timeout(1));
        nextDeadline = step.deadline().orElse(null);
        return step.awaiting(type.participants(step.step())).stream()
                .map(p -> (SagaAction) new SagaAction.Send(step.step(), 1, p)).toList();
    }

    /**
     * What a step applies: of what the steps done before it released, the kinds it takes (the orchestrator passes
     * them on; participants never call each other).
     */
    public List<ReleasedReferences> inputFor(SagaStep step) {
        Set<ReferenceKind> takes = type.takes(step);
        return steps.stream().filter(s -> !s.compensation() && s.status() == StepStatus.DONE)
                .flatMap(s -> s.releases().stream()).filter(r -> takes.contains(r.kind())).toList();
    }

    /** Who carries out a step of this saga. */
    public Set<Participant> participants(SagaStep step) {
        return type.participants(step);
    }

    /** An operator's retry: the running step is sent again at the next tick. */
    public boolean retryNow(Instant now, String operator) {
        Optional<SagaStepState> step = running();
        if (status.ended() || step.isEmpty()) {
            return false;
        }
        step.get().notYet(step.get().lastError().orElse(null), now);
        nextDeadline = now;
        retriedBy = operator;
        retriedAt = now;
        return true;
    }

    /** A creation saga's VNET is made from {@code parentVnetId}: its commands say so (see {@code SagaCommand}). */
    public Saga madeFrom(String parentVnetId) {
        this.parentVnetId = parentVnetId;
        return this;
    }

    public Optional<String> parentVnetId() {
        return Optional.ofNullable(parentVnetId);
    }

    /** Records who caused the saga; every message the saga sends carries that actor. */
    public Saga causedBy(String actor) {
        this.requestedBy = actor;
        return this;
    }

    public Optional<String> requestedBy() {
        return Optional.ofNullable(requestedBy);
    }

    public Optional<String> retriedBy() {
        return Optional.ofNullable(retriedBy);
    }

    public Optional<Instant> retriedAt() {
        return Optional.ofNullable(retriedAt);
    }

    private Optional<SagaStepState> running() {
        return steps.stream().filter(SagaStepState::isRunning).findFirst();
    }

    private boolean compensating() {
        return status == SagaStatus.COMPENSATING || steps.stream().anyMatch(SagaStepState::compensation);
    }

    public UUID id() {
        return id;
    }

    public SagaType type() {
        return type;
    }

    public String vnetId() {
        return vnetId;
    }

    public SagaStatus status() {
        return status;
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    public Optional<Instant> nextDeadline() {
        return Optional.ofNullable(nextDeadline);
    }

    public Optional<String> reason() {
        return Optional.ofNullable(reason);
    }

    public List<String> interfaces() {
        return List.copyOf(interfaces);
    }

    public List<SagaStepState> steps() {
        return List.copyOf(steps);
    }

    public Optional<Duration> duration() {
        return endedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, endedAt));
    }
}

package dev.jailnet.vnet.domain;

import dev.jailnet.events.saga.SagaStep;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.ReleasedReferences;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One step of a saga as it ran: attempts, deadline, timing, what it released and the last error. */
@Entity
@Table(name = "saga_step")
public class SagaStepState {

    /** From a sequence that hands out 50 at a time, so that a saga's steps are inserted in one batch. */
    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "saga_step_ids")
    @SequenceGenerator(name = "saga_step_ids", sequenceName = "saga_step_id_seq", allocationSize = 50)
    private Long id;

    /** The step's place in its saga, compensations after the steps they undo. */
    @Column(nullable = false)
    private int position;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private SagaStep step;

    /** True for a step that undoes another (creation only). */
    @Column(nullable = false)
    private boolean compensation;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private StepStatus status = StepStatus.PENDING;

    @Column(nullable = false)
    private int attempts;

    @Column(name = "started_at")
    private Instant startedAt;

    @Column(name = "ended_at")
    private Instant endedAt;

    private Instant deadline;

    @Column(name = "last_error")
    private String lastError;

    @JdbcTypeCode(SqlTypes.JSON)
    private Map<String, Integer> released = new HashMap<>();

    /** The references this step released (summarised by kind), passed on as the next step's input. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "references_released")
    private List<ReleasedReferences> releases = new ArrayList<>();

    /** For a step sent to several participants: those that have answered. */
    @JdbcTypeCode(SqlTypes.JSON)
    private List<Participant> replied = new ArrayList<>();

    protected SagaStepState() {
    }

    SagaStepState(SagaStep step, boolean compensation, int position) {
        this.step = step;
        this.compensation = compensation;
        this.position = position;
    }

    void begin(Instant now, Duration timeout) {
        replied = new ArrayList<>();
        status = StepStatus.RUNNING;
        attempts = 1;
        startedAt = now;
        deadline = now.plus(timeout);
    }

    void retry(Instant now, Duration timeout) {
        attempts++;
        deadline = now.plus(timeout);
    }

    /** {@code by}, one of {@code participants}, answered; true when every one of them has. */
    boolean answered(Set<Participant> participants, Participant by, Map<String, Integer> what,
                     List<ReleasedReferences> refs) {
        Participant participant = by != null ? by : participants.iterator().next();
        if (!replied.contains(participant)) {
            replied.add(participant);
            what.forEach((k, v) -> released.merge(k, v, Integer::sum));
            releases.addAll(refs);
        }
        return replied.containsAll(participants);
    }

    void done(Instant now) {
        status = StepStatus.DONE;
        endedAt = now;
        deadline = null;
    }

    /** Those of {@code participants} still to answer, in a stable order. */
    List<Participant> awaiting(Set<Participant> participants) {
        return participants.stream().filter(p -> !replied.contains(p)).sorted().toList();
    }

    void failed(Instant now, String error) {
        status = StepStatus.FAILED;
        endedAt = now;
        deadline = null;
        lastError = error;
    }

    void stuck(String error) {
        lastError = error;
    }

    /** Never run: the saga is being undone before it got here. */
    void skip() {
        status = StepStatus.SKIPPED;
    }

    /** A refusal or a lost reply that will be retried when the deadline passes. */
    void notYet(String error, Instant retryAt) {
        lastError = error;
        deadline = retryAt;
    }

    boolean isRunning() {
        return status == StepStatus.RUNNING;
    }

    public SagaStep step() {
        return step;
    }

    public boolean compensation() {
        return compensation;
    }

    public StepStatus status() {
        return status;
    }

    public int attempts() {
        return attempts;
    }

    public Optional<Instant> startedAt() {
        return Optional.ofNullable(startedAt);
    }

    public Optional<Instant> endedAt() {
        return Optional.ofNullable(endedAt);
    }

    public Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    public Map<String, Integer> released() {
        return Map.copyOf(released);
    }

    public List<ReleasedReferences> releases() {
        return List.copyOf(releases);
    }

    public Optional<Duration> duration() {
        return startedAt == null || endedAt == null ? Optional.empty() : Optional.of(Duration.between(startedAt, endedAt));
    }
}

package dev.jailnet.vnet.domain;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonFormat;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.ReleasedReferences;
import dev.jailnet.events.saga.SagaStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a saga as it ran: attempts, deadline, timing, what it released and the last error. Kept in its
 * saga's row ({@code saga.steps}, JSON of these fields, instants as ISO-8601 text), so that a transition reads and
 * writes one row; equal when every field is, which is how the saga's row is found unchanged at a flush.
 */
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE)
public class SagaStepState {

    private SagaStep step;

    /** True for a step that undoes another (creation only). */
    private boolean compensation;

    private StepStatus status = StepStatus.PENDING;

    private int attempts;

    @JsonFormat(shape = JsonFormat.Shape.STRING)
    private Instant startedAt;

    @JsonFormat(shape = JsonFormat.Shape.STRING)
    private Instant endedAt;

    @JsonFormat(shape = JsonFormat.Shape.STRING)
    private Instant deadline;

    private String lastError;

    private Map<String, Integer> released = new HashMap<>();

    /** The references this step released (summarised by kind), passed on as the next step's input. */
    private List<ReleasedReferences> releases = new ArrayList<>();

    /** For a step sent to several participants: those that have answered. */
    private List<Participant> replied = new ArrayList<>();

    protected SagaStepState() {
    }

    SagaStepState(SagaStep step, boolean compensation) {
        this.step = step;
        this.compensation = compensation;
    }

    /** A copy of {@code of} that shares none of its collections (what its saga's row held, see {@link SagaStepsCopy}). */
    SagaStepState(SagaStepState of) {
        this.step = of.step;
        this.compensation = of.compensation;
        this.status = of.status;
        this.attempts = of.attempts;
        this.startedAt = of.startedAt;
        this.endedAt = of.endedAt;
        this.deadline = of.deadline;
        this.lastError = of.lastError;
        this.released = new HashMap<>(of.released);
        this.releases = new ArrayList<>(of.releases);
        this.replied = new ArrayList<>(of.replied);
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

    @Override
    public boolean equals(Object other) {
        return other instanceof SagaStepState that && step == that.step && compensation == that.compensation
                && status == that.status && attempts == that.attempts && Objects.equals(startedAt, that.startedAt)
                && Objects.equals(endedAt, that.endedAt) && Objects.equals(deadline, that.deadline)
                && Objects.equals(lastError, that.lastError) && released.equals(that.released)
                && releases.equals(that.releases) && replied.equals(that.replied);
    }

    @Override
    public int hashCode() {
        return Objects.hash(step, status, attempts, startedAt, endedAt, deadline);
    }
}

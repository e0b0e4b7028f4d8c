package dev.jailnet.events.saga;

import dev.jailnet.events.Message;
import java.util.List;
import java.util.Map;

/**
 * A participant's answer to a {@link SagaCommand}: the step is done, with what it created or released
 * counted by kind and the references it released summarised, or it failed (was refused) with a reason.
 */
public record SagaReply(String vnetId, SagaStep step, int attempt, boolean success, String reason,
                        Map<String, Integer> released, Participant participant,
                        List<ReleasedReferences> releases) implements Message {

    public SagaReply {
        released = released == null ? Map.of() : Map.copyOf(released);
        releases = releases == null ? List.of() : List.copyOf(releases);
    }

    public SagaReply(String vnetId, SagaStep step, int attempt, boolean success, String reason,
                     Map<String, Integer> released) {
        this(vnetId, step, attempt, success, reason, released, null, List.of());
    }

    /** The same answer, to another attempt of the same step. */
    public SagaReply forAttempt(int otherAttempt) {
        return new SagaReply(vnetId, step, otherAttempt, success, reason, released, participant, releases);
    }

    public static SagaReply done(SagaCommand command, Participant by, StepResult result) {
        return new SagaReply(command.vnetId(), command.step(), command.attempt(), true, null, result.released(), by,
                result.releases());
    }

    public static SagaReply failed(SagaCommand command, Participant by, String reason) {
        return new SagaReply(command.vnetId(), command.step(), command.attempt(), false, reason, Map.of(), by, List.of());
    }
}

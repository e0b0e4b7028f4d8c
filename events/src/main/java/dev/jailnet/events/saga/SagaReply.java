package dev.jailnet.events.saga;

import dev.jailnet.events.Message;
import java.util.Map;

/**
 * A participant's answer to a {@link SagaCommand}: the step is done (with what it created or released,
 * counted by kind), or it failed with a reason.
 */
public record SagaReply(String vnetId, SagaStep step, int attempt, boolean success, String reason,
                        Map<String, Integer> released) implements Message {

    public SagaReply {
        released = released == null ? Map.of() : Map.copyOf(released);
    }

    /** The same answer, to another attempt of the same step. */
    public SagaReply forAttempt(int otherAttempt) {
        return new SagaReply(vnetId, step, otherAttempt, success, reason, released);
    }

    public static SagaReply done(SagaCommand command, Map<String, Integer> released) {
        return new SagaReply(command.vnetId(), command.step(), command.attempt(), true, null, released);
    }

    public static SagaReply failed(SagaCommand command, String reason) {
        return new SagaReply(command.vnetId(), command.step(), command.attempt(), false, reason, Map.of());
    }
}

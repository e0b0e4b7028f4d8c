package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.Participant;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.saga.StepResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * A service's part in the sagas: it carries out the orchestrator's commands and replies in the same
 * transaction. The inbox makes a redelivered command a no-op; a re-sent command (a new attempt of a
 * step already carried out) gets the reply it got the first time, and nothing is done again. A refused
 * step is not remembered: its next attempt tries again.
 */
@ApplicationScoped
public class SagaParticipation {

    /** Carries out one step and returns what it created or released. */
    @FunctionalInterface
    public interface Step {
        /**
         * Throws {@link StepRefused} before changing anything when the step cannot be done. A
         * {@code @Transactional} step must list it in {@code dontRollbackOn}: the refusal is an answer, sent
         * in the same transaction, not a failure to roll back.
         */
        StepResult execute(SagaCommand command, Envelope envelope);
    }

    private final Outbox outbox;
    private final StepReplies replies;

    public SagaParticipation(Outbox outbox, StepReplies replies) {
        this.outbox = outbox;
        this.replies = replies;
    }

    public void carryOut(Envelope envelope, Participant by, Step step) {
        if (!(envelope.payload() instanceof SagaCommand command)) {
            throw new PoisonMessageException("expected a SagaCommand, got " + envelope.type());
        }
        if (envelope.sagaId() == null) {
            throw new PoisonMessageException("saga command " + command.step() + " carries no saga id");
        }
        // a first attempt is sent once (a redelivery of it is the inbox's): only a later one may find a reply
        Optional<SagaReply> earlier = command.attempt() > 1 ? replies.find(envelope.sagaId(), command.step())
                : Optional.empty();
        if (earlier.isPresent()) {
            outbox.reply(Topics.SAGA_REPLIES, earlier.get().forAttempt(command.attempt()), envelope);
            return;
        }
        SagaReply reply;
        try {
            reply = SagaReply.done(command, by, step.execute(command, envelope));
        } catch (StepRefused refused) {
            outbox.reply(Topics.SAGA_REPLIES, SagaReply.failed(command, by, refused.getMessage()), envelope);
            return;
        }
        outbox.replyRemembered(reply, envelope);
    }

    /**
     * A command whose step keeps failing unexpectedly is answered all the same: refused with the reason, which
     * the orchestrator records in the saga's timeline and retries later. Never left unanswered.
     */
    public boolean refuseAfterFailures(Envelope envelope, Participant by, Throwable cause) {
        if (!(envelope.payload() instanceof SagaCommand command) || envelope.sagaId() == null) {
            return false;
        }
        String reason = "failed unexpectedly: " + (cause.getMessage() == null ? cause.getClass().getName()
                : cause.getMessage());
        outbox.reply(Topics.SAGA_REPLIES, SagaReply.failed(command, by, reason), envelope);
        return true;
    }

    /** The step cannot be carried out now; the reply says why and nothing was changed. */
    public static class StepRefused extends RuntimeException {

        public StepRefused(String reason) {
            super(reason);
        }
    }
}

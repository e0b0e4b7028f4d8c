package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import java.util.Map;
import java.util.Set;

/**
 * A service's part in the sagas: it executes the orchestrator's commands and replies in the same
 * transaction. Because the inbox makes a redelivered command a no-op and {@link #execute} is idempotent,
 * a re-sent command (a new attempt) gets the same answer with no second effect.
 */
public abstract class SagaParticipant implements MessageHandler {

    private final Outbox outbox;

    protected SagaParticipant(Outbox outbox) {
        this.outbox = outbox;
    }

    /** The topic the orchestrator sends this participant's commands to. */
    protected abstract String commandTopic();

    /**
     * Carries out one step and returns what it created or released, counted by kind. Throws
     * {@link StepRefused} before changing anything when the step cannot be done.
     */
    protected abstract Map<String, Integer> execute(SagaCommand command, Envelope envelope);

    @Override
    public Set<String> topics() {
        return Set.of(commandTopic());
    }

    @Override
    public final void handle(Envelope envelope) {
        if (!(envelope.payload() instanceof SagaCommand command)) {
            throw new PoisonMessageException("expected a SagaCommand on " + commandTopic() + ", got " + envelope.type());
        }
        if (envelope.sagaId() == null) {
            throw new PoisonMessageException("saga command " + command.step() + " carries no saga id");
        }
        SagaReply reply;
        try {
            reply = SagaReply.done(command, execute(command, envelope));
        } catch (StepRefused refused) {
            reply = SagaReply.failed(command, refused.getMessage());
        }
        outbox.reply(Topics.SAGA_REPLIES, reply, envelope);
    }

    /** The step cannot be carried out; the reply says why and nothing was changed. */
    public static class StepRefused extends RuntimeException {

        public StepRefused(String reason) {
            super(reason);
        }
    }
}

package dev.jailnet.vnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.messaging.MessageHandler;
import dev.jailnet.messaging.PoisonMessageException;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/** The participants' replies move the sagas on. */
@ApplicationScoped
public class SagaRepliesHandler implements MessageHandler {

    private final SagaOrchestrator orchestrator;

    public SagaRepliesHandler(SagaOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Override
    public String name() {
        return "saga-replies";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.SAGA_REPLIES);
    }

    @Override
    public void handle(Envelope envelope) {
        if (!(envelope.payload() instanceof SagaReply reply)) {
            throw new PoisonMessageException("expected a SagaReply, got " + envelope.type());
        }
        if (envelope.sagaId() == null) {
            throw new PoisonMessageException("saga reply " + reply.step() + " carries no saga id");
        }
        orchestrator.reply(reply, envelope);
    }
}

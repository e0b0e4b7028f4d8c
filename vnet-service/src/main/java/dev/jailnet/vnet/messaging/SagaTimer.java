package dev.jailnet.vnet.messaging;

import dev.jailnet.vnet.domain.SagaOrchestrator;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/** The saga clock: steps whose deadline passed are sent again. */
@ApplicationScoped
public class SagaTimer {

    private final SagaOrchestrator orchestrator;

    public SagaTimer(SagaOrchestrator orchestrator) {
        this.orchestrator = orchestrator;
    }

    @Scheduled(every = "${jailnet.saga.tick:100ms}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void tick() {
        orchestrator.expireDeadlines();
    }
}

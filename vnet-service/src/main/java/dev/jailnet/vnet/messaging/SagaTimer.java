package dev.jailnet.vnet.messaging;

import dev.jailnet.vnet.config.SagaConfig;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The saga clock: steps whose deadline passed are sent again. Its own thread, because the Quarkus
 * scheduler does not tick faster than once a second and a step's first deadline is shorter than that
 * in tests and benchmarks.
 */
@ApplicationScoped
public class SagaTimer {

    private static final Logger LOG = Logger.getLogger(SagaTimer.class);

    private final SagaOrchestrator orchestrator;
    private final SagaConfig config;
    private ScheduledExecutorService clock;

    public SagaTimer(SagaOrchestrator orchestrator, SagaConfig config) {
        this.orchestrator = orchestrator;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saga-timer");
            thread.setDaemon(true);
            return thread;
        });
        long tick = config.tick().toMillis();
        clock.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (clock != null) {
            clock.shutdownNow();
        }
    }

    private void tick() {
        try {
            orchestrator.expireDeadlines();
        } catch (RuntimeException e) {
            LOG.warnf("saga timer: %s", e.getMessage());
        }
    }
}

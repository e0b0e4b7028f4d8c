package dev.jailnet.vnet.messaging;

import dev.jailnet.messaging.AfterCommit;
import dev.jailnet.vnet.config.SagaConfig;
import dev.jailnet.vnet.domain.SagaOrchestrator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The saga clock: steps whose deadline passed are sent again. It sleeps until the soonest deadline any saga
 * holds, or one this replica sets sooner ({@link #expect}), and looks at least every {@code tick}, for the
 * deadlines other replicas set. A clock that looked every few milliseconds would cost a transaction each time,
 * idle or not. Its own thread, because the Quarkus scheduler does not tick faster than once a second.
 */
@ApplicationScoped
public class SagaTimer {

    private static final Logger LOG = Logger.getLogger(SagaTimer.class);

    /** Handles the deadlines that are due and answers the soonest one ahead ({@code SagaOrchestrator}). */
    private final Supplier<Optional<Instant>> expireDeadlines;
    private final Duration tick;
    private final TransactionSynchronizationRegistry transactions;
    private ScheduledExecutorService clock;
    /** When the clock wakes next, and the wake-up; none while it looks. Guarded by {@code this}. */
    private Instant wakeAt;
    private ScheduledFuture<?> wake;

    @Inject
    public SagaTimer(SagaOrchestrator orchestrator, SagaConfig config,
                     TransactionSynchronizationRegistry transactions) {
        this(orchestrator::expireDeadlines, config.tick(), transactions);
    }

    SagaTimer(Supplier<Optional<Instant>> expireDeadlines, Duration tick,
              TransactionSynchronizationRegistry transactions) {
        this.expireDeadlines = expireDeadlines;
        this.tick = tick;
        this.transactions = transactions;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        stop();
    }

    void start() {
        clock = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "saga-timer");
            thread.setDaemon(true);
            return thread;
        });
        wakeAt(Instant.now());
    }

    void stop() {
        if (clock != null) {
            clock.shutdownNow();
        }
    }

    /**
     * The current transaction gives a saga the deadline {@code at}: once it commits, the clock wakes by then. Before
     * the commit it would look too early and not see the deadline. Whether {@code at} is sooner than the next
     * wake-up is asked only then: a look that runs before the commit moves the wake-up, and may move it past
     * {@code at}.
     */
    public void expect(Instant at) {
        AfterCommit.run(transactions, () -> wakeAt(at));
    }

    private synchronized boolean sooner(Instant at) {
        return wakeAt == null || at.isBefore(wakeAt);
    }

    private synchronized void wakeAt(Instant at) {
        if (clock == null || clock.isShutdown() || !sooner(at)) {
            return;
        }
        if (wake != null) {
            wake.cancel(false);
        }
        wakeAt = at;
        wake = clock.schedule(this::look, Math.max(0, Duration.between(Instant.now(), at).toMillis()),
                TimeUnit.MILLISECONDS);
    }

    private void look() {
        synchronized (this) {
            wakeAt = null;
            wake = null;
        }
        Optional<Instant> soonest = Optional.empty();
        try {
            soonest = expireDeadlines.get();
        } catch (RuntimeException e) {
            LOG.warnf("saga timer: %s", e.getMessage());
        }
        Instant latest = Instant.now().plus(tick);
        wakeAt(soonest.filter(at -> at.isBefore(latest)).orElse(latest));
    }
}

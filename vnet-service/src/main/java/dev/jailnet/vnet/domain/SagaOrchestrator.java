package dev.jailnet.vnet.domain;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.Topics;
import dev.jailnet.events.VnetIds;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.saga.SagaCommand;
import dev.jailnet.events.saga.SagaReply;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetCreationFailed;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import dev.jailnet.messaging.Actors;
import dev.jailnet.messaging.OperatorActions;
import dev.jailnet.messaging.Outbox;
import dev.jailnet.messaging.VnetLocks;
import dev.jailnet.problem.Rejected;
import dev.jailnet.vnet.config.SagaConfig;
import dev.jailnet.vnet.messaging.SagaTimer;
import dev.jailnet.vnet.store.SagaRepository;
import dev.jailnet.vnet.store.VnetRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs the sagas: each transition of a saga, the commands it sends and the events its outcome
 * publishes commit in one transaction. Participants never call each other; this is the only place
 * that decides what happens next, and it passes what one step released to the next.
 */
@ApplicationScoped
public class SagaOrchestrator {

    private static final Logger LOG = Logger.getLogger(SagaOrchestrator.class);
    /** How many sagas past their deadline are loaded at once; the rest are due at the next look. */
    private static final int DUE_AT_ONCE = 100;

    private final VnetRepository vnets;
    private final SagaRepository sagas;
    private final Outbox outbox;
    private final VnetLocks locks;
    private final SagaConfig config;
    private final MeterRegistry meters;
    private final Actors actors;
    private final OperatorActions operatorActions;
    private final SagaTimer timer;

    public SagaOrchestrator(VnetRepository vnets, SagaRepository sagas, Outbox outbox, VnetLocks locks,
                            SagaConfig config, MeterRegistry meters, Actors actors, OperatorActions operatorActions,
                            SagaTimer timer) {
        this.timer = timer;
        this.actors = actors;
        this.operatorActions = operatorActions;
        this.vnets = vnets;
        this.sagas = sagas;
        this.outbox = outbox;
        this.locks = locks;
        this.config = config;
        this.meters = meters;
    }

    /** A VNET jail was created: {@code vnet_alloc} starts. A redelivered event finds the VNET and stops. */
    @Transactional
    public void jailCreated(JailCreated created, Envelope cause) {
        if (!created.vnet() || vnets.exists(created.vnetId())) {
            return;
        }
        Instant now = Instant.now();
        Vnet vnet = Vnet.allocate(created.vnetId(), created.jid(), created.parentVnetId(), now);
        if (created.legacy()) {
            vnet.legacyTeardown();
        }
        vnets.insert(vnet);
        Saga saga = Saga.create(SagaType.VNET_CREATE, created.vnetId(), created.interfaces(), now)
                .madeFrom(created.parentVnetId()).causedBy(cause.actor());
        sagas.insert(apply(saga, saga.start(now, config.policy()), cause.id()));
    }

    /**
     * {@code prison_cleanup}: the jail is dying, so its VNET's {@code vnet_shutdown} starts (or will, once created).
     * A jail that shares its parent's VNET leaves it alone: the VNET is its owner's.
     */
    @Transactional
    public void jailDying(int jid, String vnetId, Envelope cause) {
        vnets.change(vnetId, vnet -> {
            if (!vnet.ownedBy(jid)) {
                return null;
            }
            vnet.jailDying();
            if (vnet.state() == VnetState.ALIVE && vnet.isLegacy()) {
                destroyWithoutShutdown(vnet, cause.id());
            } else if (vnet.state() == VnetState.ALIVE) {
                startShutdown(vnet, "jail_remove", cause.id(), cause.actor());
            }
            return vnet;
        });
    }

    /** The jail holds nothing any more: the VNET it owns is destroyed as soon as it is shut down. */
    @Transactional
    public void jailRefsDrained(int jid, String vnetId, Envelope cause) {
        vnets.change(vnetId, vnet -> {
            if (vnet.ownedBy(jid)) {
                vnet.refsDrained();
                destroyIfReady(vnet, cause.id());
            }
            return vnet;
        });
    }

    /** {@code vnet_shutdown} on an operator's request. */
    @Transactional
    public Saga shutdown(String vnetId) {
        if (VnetIds.isHost(vnetId)) {
            throw Rejected.conflict("vnetId", "vnet0 is the host's and is never shut down");
        }
        locks.lock(vnetId);
        return vnets.change(vnetId, vnet -> {
            if (vnet.state() != VnetState.ALIVE) {
                throw Rejected.conflict("vnetId", vnetId + " is " + vnet.state() + ", not ALIVE");
            }
            operatorActions.record("vnet_shutdown", vnetId);
            return startShutdown(vnet, "operator", null, actors.current().orElse(null));
        }).orElseThrow(() -> Rejected.notFound("vnetId", "no VNET " + vnetId));
    }

    /** Sends the running step of a saga again now (after the operator fixed what blocked it). */
    @Transactional
    public Saga retry(UUID sagaId) {
        Saga saga = sagas.change(sagaId, s -> s.retryNow(Instant.now(), actors.current().orElse(null)) ? s : null)
                .orElseThrow(() -> sagas.findByIdOptional(sagaId)
                        .map(s -> Rejected.conflict("sagaId", "saga " + sagaId + " is " + s.status()
                                + "; nothing to retry"))
                        .orElseGet(() -> Rejected.notFound("sagaId", "no saga " + sagaId)));
        saga.nextDeadline().ifPresent(timer::expect);
        operatorActions.record("saga_retry", "saga " + sagaId + " (" + saga.type() + " of " + saga.vnetId() + ")");
        return saga;
    }

    @Transactional
    public void reply(SagaReply reply, Envelope envelope) {
        if (sagas.change(envelope.sagaId(), saga -> apply(saga, saga.onReply(reply, Instant.now(), config.policy()),
                envelope.id())).isEmpty()) {
            LOG.warnf("reply %s for unknown saga %s ignored", reply.step(), envelope.sagaId());
        }
    }

    /**
     * Re-sends the commands of steps whose deadline passed; each saga in a transaction of its own, so that one
     * that fails (logged and counted) holds up no other: it is due again at the clock's next look. When to look
     * next: at once if more were due than were loaded, else at the soonest deadline ahead, if any. One statement
     * reads both the due and the soonest ahead; a deadline a handled saga gets reaches the clock when its
     * transaction commits.
     */
    public Optional<Instant> expireDeadlines() {
        Instant now = Instant.now();
        List<SagaRepository.Deadline> soonest = QuarkusTransaction.requiringNew()
                .call(() -> sagas.soonestDeadlines(DUE_AT_ONCE + 1));
        List<UUID> due = soonest.stream().limit(DUE_AT_ONCE).filter(d -> !d.at().isAfter(now))
                .map(SagaRepository.Deadline::sagaId).toList();
        int handled = 0;
        for (UUID id : due) {
            try {
                QuarkusTransaction.requiringNew().run(() -> sagas.change(id,
                        saga -> apply(saga, saga.onDeadline(Instant.now(), config.policy()), null)));
                handled++;
            } catch (RuntimeException e) {
                meters.counter("jailnet.saga.deadline.failures").increment();
                LOG.debugf("saga %s: its deadline could not be handled now, it stays due: %s", id, e.getMessage());
            }
        }
        if (due.size() == DUE_AT_ONCE && handled > 0) {
            return Optional.of(Instant.now());
        }
        Optional<Instant> ahead = soonest.stream().map(SagaRepository.Deadline::at).filter(at -> at.isAfter(now))
                .findFirst();
        if (ahead.isEmpty() && soonest.size() > DUE_AT_ONCE) {
            // every deadline read was due, and none could be handled: the soonest ahead lies beyond them
            return QuarkusTransaction.requiringNew().call(() -> sagas.soonestDeadlineAfter(now));
        }
        return ahead;
    }

    private Saga startShutdown(Vnet vnet, String trigger, UUID causationId, String actor) {
        Instant now = Instant.now();
        vnet.shuttingDown(now);
        Saga saga = Saga.create(SagaType.VNET_SHUTDOWN, vnet.vnetId(), now).causedBy(actor);
        publish(new VnetShutdownStarted(vnet.vnetId(), vnet.jid().orElse(null), saga.id().toString(), trigger),
                saga, causationId);
        sagas.insert(apply(saga, saga.start(now, config.policy()), causationId));
        return saga;
    }

    /** Takes the actions a transition returned; returns the saga. */
    private Saga apply(Saga saga, List<SagaAction> actions, UUID causationId) {
        for (SagaAction action : actions) {
            if (action instanceof SagaAction.Send send) {
                send(saga, send, causationId);
            } else if (action instanceof SagaAction.Complete) {
                completed(saga, causationId);
            } else if (action instanceof SagaAction.Fail fail) {
                failed(saga, fail.reason(), causationId);
            }
        }
        saga.nextDeadline().ifPresent(timer::expect);
        return saga;
    }

    private void send(Saga saga, SagaAction.Send send, UUID causationId) {
        if (send.attempt() > 1) {
            LOG.infof("saga %s (%s %s): sending %s again, attempt %d", saga.id(), saga.type(), saga.vnetId(),
                    send.step(), send.attempt());
        }
        meters.counter("jailnet.saga.step.attempts", "type", saga.type().name(), "step", send.step().name()).increment();
        SagaCommand command = new SagaCommand(saga.vnetId(), send.step(), send.attempt(), saga.interfaces(),
                saga.inputFor(send.step()), saga.parentVnetId().orElse(null));
        outbox.send(send.participant().commands(), command, saga.id(), causationId, saga.requestedBy().orElse(null));
    }

    /** What follows the last step, as the saga's type declares it. */
    private void completed(Saga saga, UUID causationId) {
        record(saga, "completed");
        // one line per saga, with the trace id of the cause that started it (see the log format); joined, not
        // formatted: java.util.Formatter was half of what the log call cost
        LOG.info("saga " + saga.id() + " (" + saga.type() + " " + saga.vnetId() + ") completed in "
                + saga.duration().map(Duration::toMillis).orElse(0L) + " ms");
        vnets.change(saga.vnetId(), vnet -> {
            switch (saga.type().end()) {
                case VNET_ALIVE -> {
                    vnet.alive(Instant.now());
                    publish(new VnetAlive(vnet.vnetId(), vnet.jid().orElseThrow()), saga, causationId);
                    if (vnet.isJailDying() && vnet.isLegacy()) {
                        destroyWithoutShutdown(vnet, causationId);
                    } else if (vnet.isJailDying()) {
                        startShutdown(vnet, "jail_remove", causationId, saga.requestedBy().orElse(null));
                    }
                }
                case VNET_SHUT_DOWN -> {
                    vnet.shutDown();
                    publish(new VnetShutdownCompleted(vnet.vnetId(), vnet.jid().orElse(null), saga.id().toString(),
                            saga.duration().map(Duration::toMillis).orElse(0L), saga.steps().stream()
                            .map(s -> new VnetShutdownCompleted.StepSummary(s.step().name(), s.attempts(),
                                    s.duration().map(Duration::toMillis).orElse(0L), s.released())).toList()), saga,
                            causationId);
                    destroyIfReady(vnet, causationId);
                }
            }
            return vnet;
        }).orElseThrow(() -> new IllegalStateException("saga " + saga.id() + ": no VNET " + saga.vnetId()));
    }

    private void failed(Saga saga, String reason, UUID causationId) {
        record(saga, "failed");
        LOG.warnf("saga %s (%s %s) failed: %s", saga.id(), saga.type(), saga.vnetId(), reason);
        vnets.change(saga.vnetId(), vnet -> {
            vnet.creationFailed(reason, Instant.now());
            publish(new VnetCreationFailed(vnet.vnetId(), vnet.jid().orElseThrow(), reason), saga, causationId);
            return vnet;
        }).orElseThrow(() -> new IllegalStateException("saga " + saga.id() + ": no VNET " + saga.vnetId()));
    }

    /** {@code vnet_destroy}, the promise that no service holds anything of the VNET: never before it is shut down. */
    private void destroyIfReady(Vnet vnet, UUID causationId) {
        if (!vnet.destroyable()) {
            return;
        }
        vnet.destroy(Instant.now());
        outbox.send(Topics.VNET_EVENTS, new VnetDestroyed(vnet.vnetId(), vnet.jid().orElse(null), false), null,
                causationId);
    }

    /** The old way: {@code vnet_destroy} at once, every layer on its own in {@code vnet_sysuninit} order. */
    private void destroyWithoutShutdown(Vnet vnet, UUID causationId) {
        vnet.destroyWithoutShutdown(Instant.now());
        outbox.send(Topics.VNET_EVENTS, new VnetDestroyed(vnet.vnetId(), vnet.jid().orElse(null), true), null,
                causationId);
    }

    private void publish(Message event, Saga saga, UUID causationId) {
        outbox.send(Topics.VNET_EVENTS, event, saga.id(), causationId, saga.requestedBy().orElse(null));
    }

    private void record(Saga saga, String outcome) {
        saga.duration().ifPresent(d -> Timer.builder("jailnet.saga.duration")
                .description("Time from a saga's start to its end")
                .tag("type", saga.type().name()).tag("outcome", outcome).publishPercentileHistogram()
                .register(meters).record(d));
        saga.steps().forEach(step -> step.duration().ifPresent(d -> Timer.builder("jailnet.saga.step.duration")
                .tag("type", saga.type().name()).tag("step", step.step().name()).publishPercentileHistogram()
                .register(meters).record(d)));
    }
}

package dev.jailnet.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/**
 * Injects the faults of a chaos run one after the other through the control endpoint, the k-th once
 * k x {@code every} lifecycles have started (so each fault meets traffic, and the system made progress since the
 * one before), and keeps their timeline. A fault is undone after its hold: a killed or stopped component is
 * started again, a paused one resumed.
 */
final class FaultInjector implements Runnable {

    /** One fault: an action on a component ({@code kill:ifnet-service}, {@code stop:postgres}, {@code pause:postgres}). */
    record Fault(Component.Action action, String component) {

        static final List<Component.Action> ACTIONS = List.of(Component.Action.KILL, Component.Action.STOP,
                Component.Action.PAUSE);

        static Fault parse(String spec) {
            String[] parts = spec.trim().split(":", 2);
            Component.Action action = Component.Action.of(parts[0]).filter(ACTIONS::contains)
                    .orElseThrow(() -> new IllegalArgumentException("'" + spec + "': a fault is kill:, stop: or pause: "
                            + "and a component (kill:ifnet-service, stop:postgres, pause:postgres)"));
            if (parts.length < 2 || parts[1].isBlank()) {
                throw new IllegalArgumentException("'" + spec + "' names no component");
            }
            return new Fault(action, parts[1]);
        }

        Component.Action undo() {
            return action == Component.Action.PAUSE ? Component.Action.RESUME : Component.Action.START;
        }

        @Override
        public String toString() {
            return action.word() + " " + component;
        }
    }

    /**
     * What happened: when the fault began (seconds into the run), how long its action took, how long it was
     * held, how long undoing it took (a start: until the component served again), when it ended.
     */
    record Injected(String fault, double atSeconds, double actionSeconds, double heldSeconds, double undoSeconds,
                    double endedAtSeconds, String error) {
    }

    private final Control control;
    private final List<Fault> faults;
    private final int count;
    private final int every;
    private final IntSupplier started;
    private final BooleanSupplier finished;
    private final Duration outage;
    private final Duration pause;
    private final long runStartNanos;
    private final List<Injected> timeline = new ArrayList<>();

    /**
     * @param faults   injected in turn, from the first again after the last, {@code count} in all
     * @param started  how many lifecycles have started
     * @param finished true once every client is done: the faults left are not injected
     */
    FaultInjector(Control control, List<Fault> faults, int count, int every, IntSupplier started,
                  BooleanSupplier finished, Duration outage, Duration pause, long runStartNanos) {
        this.control = control;
        this.faults = faults;
        this.count = count;
        this.every = every;
        this.started = started;
        this.finished = finished;
        this.outage = outage;
        this.pause = pause;
        this.runStartNanos = runStartNanos;
    }

    @Override
    public void run() {
        for (int k = 0; k < count; k++) {
            while (started.getAsInt() < (k + 1) * every) {
                if (finished.getAsBoolean()) {
                    return;
                }
                Pause.millis(50);
            }
            inject(faults.get(k % faults.size()));
        }
    }

    private void inject(Fault fault) {
        double at = seconds(System.nanoTime());
        long begun = System.nanoTime();
        double action = 0;
        double held = 0;
        double undo = 0;
        String error = null;
        try {
            control.act(fault.component(), fault.action());
            action = (System.nanoTime() - begun) / 1e9;
            long hold = System.nanoTime();
            Pause.millis((fault.action() == Component.Action.PAUSE ? pause : outage).toMillis());
            held = (System.nanoTime() - hold) / 1e9;
            long undoing = System.nanoTime();
            control.act(fault.component(), fault.undo());
            undo = (System.nanoTime() - undoing) / 1e9;
        } catch (RuntimeException e) {
            error = e.getMessage();
        }
        Injected injected = new Injected(fault.toString(), at, action, held, undo, seconds(System.nanoTime()), error);
        synchronized (timeline) {
            timeline.add(injected);
        }
        System.out.println(describe(injected));
    }

    List<Injected> timeline() {
        synchronized (timeline) {
            return List.copyOf(timeline);
        }
    }

    static String describe(Injected i) {
        return String.format(Locale.ROOT, "  t+%7.1f s  %-28s action %5.1f s, held %5.1f s, back after %5.1f s%s",
                i.atSeconds(), i.fault(), i.actionSeconds(), i.heldSeconds(), i.undoSeconds(),
                i.error() == null ? "" : "  FAILED: " + i.error());
    }

    private double seconds(long nanos) {
        return (nanos - runStartNanos) / 1e9;
    }
}

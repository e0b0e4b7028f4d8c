package dev.jailnet.cli;

/**
 * A part of the system {@code jailnet up} runs, which an operator (or {@code jailnet chaos}) can stop, kill,
 * pause and start again by name. Every action is idempotent: stopping what is stopped does nothing; an action
 * the state forbids (pausing what is stopped) is {@link NotNow}, one the component does not have (killing the
 * broker that lives in the CLI's own JVM) an {@link UnsupportedOperationException}.
 */
public interface Component {

    /** The component's state forbids the action now: pausing what is stopped, starting what is paused. */
    final class NotNow extends RuntimeException {
        public NotNow(String message) {
            super(message);
        }
    }

    enum State { RUNNING, PAUSED, STOPPED }

    /** What can be done to a component; {@code restart} is a stop and a start. */
    enum Action {
        START, STOP, KILL, RESTART, PAUSE, RESUME;

        public void on(Component component) {
            switch (this) {
                case START -> component.start();
                case STOP -> component.stop();
                case KILL -> component.kill();
                case RESTART -> {
                    component.stop();
                    component.start();
                }
                case PAUSE -> component.pause();
                case RESUME -> component.resume();
            }
        }

        /** As the control endpoint and the verbs spell it: {@code kill}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static java.util.Optional<Action> of(String word) {
            return java.util.Arrays.stream(values()).filter(a -> a.word().equals(word)).findFirst();
        }
    }

    /** {@code postgres}, {@code kafka}, or a service replica: {@code ifnet-service#2}. */
    String name();

    State state();

    /** The operating system's process id; -1 when it does not run. */
    long pid();

    int port();

    /** Starts it and returns once it serves again. */
    void start();

    /** A clean stop: services get SIGTERM, PostgreSQL a fast shutdown (SIGINT), the broker its own shutdown. */
    void stop();

    /** SIGKILL: it dies wherever it is, as in a crash. */
    default void kill() {
        throw new UnsupportedOperationException(name() + " cannot be killed: stop it");
    }

    /** SIGSTOP: it stops answering without closing anything, as a machine that froze. */
    default void pause() {
        throw new UnsupportedOperationException(name() + " cannot be paused");
    }

    /** SIGCONT after {@link #pause()}. */
    default void resume() {
        throw new UnsupportedOperationException(name() + " cannot be paused or resumed");
    }
}

package dev.jailnet.system.containers;

import dev.jailnet.system.SystemUnderTest;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The containerised counterpart of {@code JailnetSystem}: starts a {@link ContainerSystem} once for every test
 * class of the run that asks for it (a parameter of type {@link SystemUnderTest} or {@link ContainerSystem}) and
 * stops it when the run ends.
 * <p>
 * Without a Docker engine the classes that use it are skipped, with the reason. With one, an image that is not
 * there fails them at once (see {@link DockerEngine#requireImages}); so does a system that did not start, for
 * every later class too, without starting it again.
 */
public class JailnetContainers implements ExecutionCondition, ParameterResolver {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> reason = DockerEngine.unavailableReason();
        return reason.isPresent()
                ? ConditionEvaluationResult.disabled("container suite skipped: " + reason.get())
                : ConditionEvaluationResult.enabled("a Docker engine answers");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == SystemUnderTest.class || type == ContainerSystem.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("containers", key -> Running.start(), Running.class)
                .system();
    }

    /** The started system, or why it did not start (kept, so that later classes fail at once). */
    record Running(ContainerSystem started, RuntimeException failure) implements AutoCloseable {

        static Running start() {
            long t0 = System.nanoTime();
            try {
                ContainerSystem system = ContainerSystem.start(home());
                StringBuilder timings = new StringBuilder();
                system.timings().forEach((what, took) -> timings.append(String.format(", %s after %.1f s", what,
                        took.toMillis() / 1000.0)));
                System.out.printf("container system started in %.1f s%s%n",
                        (System.nanoTime() - t0) / 1e9, timings);
                return new Running(system, null);
            } catch (RuntimeException e) {
                return new Running(null, e);
            }
        }

        ContainerSystem system() {
            if (failure != null) {
                throw failure;
            }
            return started;
        }

        @Override
        public void close() {
            if (started != null) {
                started.close();
            }
        }
    }

    static Path home() {
        return Path.of(System.getProperty("jailnet.home", "..")).toAbsolutePath().normalize();
    }
}

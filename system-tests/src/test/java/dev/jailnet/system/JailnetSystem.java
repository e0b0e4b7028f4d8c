package dev.jailnet.system;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the system once for every test class of the run that asks for it (a parameter of type
 * {@link SystemUnderTest}) and stops it when the run ends.
 */
public class JailnetSystem implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == SystemUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("local-processes", key -> new Running(LocalProcesses.start()), Running.class)
                .system();
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    record Running(SystemUnderTest system) implements AutoCloseable {
        @Override
        public void close() {
            system.close();
        }
    }
}

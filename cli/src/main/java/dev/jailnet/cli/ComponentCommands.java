package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The verbs that act on the components of a running {@code jailnet up} through its control endpoint, named as
 * {@code docker compose} names them: {@code ps}, {@code start}, {@code stop}, {@code kill}, {@code restart},
 * {@code pause}, {@code resume}.
 */
final class ComponentCommands {

    private static final String COMPONENTS = "postgres, kafka, a service (jail-service, vnet-service, ifnet-service, "
            + "routing-service: all its replicas) or one replica (ifnet-service#2).";

    private ComponentCommands() {
    }

    @Command(name = "ps", mixinStandardHelpOptions = true,
            description = "List the components of the running jailnet up: state, pid, port.",
            exitCodeListHeading = "%nExit status:%n", exitCodeList = {"0:listed", "1:no jailnet up answers"})
    static final class Ps implements Callable<Integer> {
        @Mixin
        Control.Port control = new Control.Port();

        @Option(names = "--data-dir", description = "Where to look, when no jailnet up answers, for what one that "
                + "died left running (default: .jailnet under the project).")
        Path dataDir;

        @Override
        public Integer call() {
            try {
                JsonNode status = new Control(control.port).status();
                System.out.printf("%-18s %-8s %8s %6s  %s%n", "NAME", "STATE", "PID", "PORT", "URL");
                for (JsonNode c : status.path("components")) {
                    System.out.printf("%-18s %-8s %8s %6d  %s%n", c.path("name").asText(), c.path("state").asText(),
                            c.path("pid").asLong() < 0 ? "-" : c.path("pid").asText(), c.path("port").asInt(),
                            c.path("url").asText(""));
                }
                System.out.printf("%nKafka %s, PostgreSQL %s, data in %s%n", status.path("kafka").asText(),
                        status.path("jdbcUrl").asText(), status.path("dataDir").asText());
                return 0;
            } catch (Api.ApiException e) {
                System.err.println("jailnet: " + e.getMessage());
                Path data = dataDir == null ? Jailnet.home().resolve(".jailnet") : dataDir.toAbsolutePath();
                List<RunRecords.Leftover> left = e.status() == 0 ? RunRecords.leftovers(data) : List.of();
                if (!left.isEmpty()) {
                    System.err.println("jailnet: the last jailnet up on " + data + " ended without stopping what it "
                            + "ran, which still runs: " + String.join(", ", left.stream()
                            .map(RunRecords.Leftover::toString).toList()) + "; ./jailnet up on that directory stops "
                            + "it first");
                }
                return 1;
            }
        }
    }

    /**
     * One action, named as the verb is, on the components named, in the order given; stops at the first that
     * fails. Each verb is a subclass only for its own help text.
     */
    @Command(mixinStandardHelpOptions = true, exitCodeListHeading = "%nExit status:%n", exitCodeList = {
        "0:done (or nothing to do: the component was so already)",
        "1:failed, or the state forbids it, or no jailnet up answers",
        "2:no such component, or it has no such action"})
    abstract static class Act implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Control.Port control = new Control.Port();

        @Parameters(paramLabel = "COMPONENT", arity = "1..*", description = COMPONENTS)
        List<String> names;

        @Override
        public Integer call() {
            Component.Action action = Component.Action.of(spec.name()).orElseThrow();
            Control endpoint = new Control(control.port);
            for (String name : names) {
                try {
                    for (JsonNode c : endpoint.act(name, action).path("components")) {
                        System.out.printf("%-18s %-6s %-8s in %6d ms%n", c.path("name").asText(), action.word(),
                                c.path("state").asText(), c.path("tookMs").asLong());
                    }
                } catch (Api.ApiException e) {
                    System.err.println("jailnet: " + name + ": " + e.getMessage());
                    // the caller's mistake (no such component or action) is a usage error
                    return e.status() == 404 || e.status() == 400 ? 2 : 1;
                }
            }
            return 0;
        }
    }

    @Command(name = "start",
            description = "Start stopped components again; returns once each serves (a service: ready).")
    static final class Start extends Act {
    }

    @Command(name = "stop",
            description = "Stop components cleanly: a service SIGTERM (graceful), postgres a fast shutdown (SIGINT: "
                    + "clients are refused at once), kafka its own shutdown (log kept).")
    static final class Stop extends Act {
    }

    @Command(name = "kill",
            description = "SIGKILL service replicas, as in a crash (start them again with start).")
    static final class Kill extends Act {
    }

    @Command(name = "restart",
            description = "Stop components (as stop does) and start them again; kafka keeps its port and log.")
    static final class Restart extends Act {
    }

    @Command(name = "pause",
            description = "SIGSTOP postgres (with every backend) or service replicas: clients hang, nothing fails, "
                    + "until resume.")
    static final class Pause extends Act {
    }

    @Command(name = "resume", description = "SIGCONT what pause stopped.")
    static final class Resume extends Act {
    }
}

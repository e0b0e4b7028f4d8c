package dev.jailnet.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** {@code jailnet}: run the system locally, and drive it with FreeBSD-like verbs. */
@Command(name = "jailnet", mixinStandardHelpOptions = true, version = "jailnet 0.1.0",
        description = "FreeBSD jails and their VNETs as four services over Kafka.",
        subcommands = {UpCommand.class, JailVerbs.Jail.class, JailVerbs.Jls.class, JailVerbs.Jexec.class,
            IfconfigVerb.class, RouteVerbs.Route.class, RouteVerbs.Netstat.class, ApiCommands.Create.class,
            ApiCommands.Ribs.class, ApiCommands.Vnets.class, ApiCommands.Saga.class, ApiCommands.Audit.class,
            BenchCommand.class, ComponentCommands.Ps.class, ComponentCommands.Start.class, ComponentCommands.Stop.class,
            ComponentCommands.Kill.class, ComponentCommands.Restart.class, ComponentCommands.Pause.class,
            ComponentCommands.Resume.class, ChaosCommand.class, TokenCommand.class, SecretsCommand.class,
            DatabaseRolesCommand.class, BusLoginsCommand.class,
            AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public class Jailnet implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /**
     * The command line with every verb. {@code jexec JAIL COMMAND...} stops reading its own options at JAIL, so that
     * the command's ({@code ifconfig -j}, {@code route -inet6}) are the command's.
     */
    static CommandLine commandLine() {
        CommandLine jailnet = new CommandLine(new Jailnet());
        jailnet.getSubcommands().get("jexec").setStopAtPositional(true);
        return jailnet;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** The project's top directory: set by the {@code ./jailnet} wrapper, else the working directory. */
    static java.nio.file.Path home() {
        return java.nio.file.Path.of(System.getProperty("jailnet.home", ".")).toAbsolutePath().normalize();
    }
}

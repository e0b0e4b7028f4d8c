package dev.jailnet.cli;

import dev.jailnet.events.Roles;
import dev.jailnet.localstack.AccessKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code jailnet token}: a new bearer token, signed with the key of a data directory. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Print a new bearer token for the API, signed with the key jailnet up made in its data "
                + "directory (the one of the running jailnet up, else the default).")
public class TokenCommand implements Callable<Integer> {

    @Option(names = "--role", defaultValue = Roles.OPERATOR,
            description = "operator (changes and reads) or viewer (reads only); default: ${DEFAULT-VALUE}.")
    String role;

    @Option(names = "--subject", description = "Who the token stands for: the changes it makes carry this name "
            + "(default: the user running this command).")
    String subject;

    @Option(names = "--ttl", defaultValue = "PT12H", description = "How long it is valid, as an ISO-8601 duration "
            + "(PT30M, PT12H, P7D; default: ${DEFAULT-VALUE}).")
    String ttl;

    @Option(names = "--data-dir", defaultValue = "${env:JAILNET_DATA_DIR}", description = "The data directory whose key signs it (default: the running "
            + "jailnet up's, else .jailnet under the project).")
    Path dataDir;

    @CommandLine.Mixin
    Control.Port control = new Control.Port();

    @Override
    public Integer call() {
        if (!role.equals(Roles.OPERATOR) && !role.equals(Roles.VIEWER)) {
            System.err.println("jailnet token: --role must be " + Roles.OPERATOR + " or " + Roles.VIEWER + ", not " + role);
            return 2;
        }
        Duration lifetime;
        try {
            lifetime = Duration.parse(ttl.toUpperCase());
        } catch (DateTimeParseException e) {
            System.err.println("jailnet token: --ttl must be an ISO-8601 duration such as PT12H or P7D, not " + ttl);
            return 2;
        }
        if (lifetime.isNegative() || lifetime.isZero()) {
            System.err.println("jailnet token: --ttl must be positive, not " + ttl);
            return 2;
        }
        Path secrets = dataDir == null ? Credentials.secretsDir(control.port)
                : Credentials.secretsOf(dataDir.toAbsolutePath());
        if (!Files.isDirectory(secrets)) {
            System.err.println("jailnet token: no keys in " + secrets + " (start the system there first: ./jailnet up"
                    + (dataDir == null ? "" : " --data-dir " + dataDir) + ")");
            return 1;
        }
        String who = subject == null ? System.getProperty("user.name", Roles.OPERATOR) : subject;
        System.out.println(AccessKeys.in(secrets).mint(who, role, lifetime));
        return 0;
    }
}

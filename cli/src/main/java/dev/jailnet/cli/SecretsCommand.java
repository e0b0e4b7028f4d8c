package dev.jailnet.cli;

import dev.jailnet.events.Roles;
import dev.jailnet.localstack.AccessKeys;
import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jailnet secrets}: the secrets of a deployment made on its first start, never committed. Compose runs
 * it before anything else: the signing key, the tokens and the passwords stay in its own volume; each
 * consumer gets only what it needs in a directory of its own (a service: the key that verifies tokens, its
 * own database role and Kafka user with their passwords; the console: the key and its Kafka user; PostgreSQL: its
 * owner's password; Kafka: the administrator's login, in the broker's JAAS file and in a client configuration for
 * its health check).
 */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "Make the keys, tokens and passwords of a deployment (once; kept afterwards) and hand each "
                + "consumer its share.")
public class SecretsCommand implements Callable<Integer> {

    /**
     * The owner of a share: the uid the service images run as; PostgreSQL's entrypoint reads it as root, the
     * Kafka images run as uid 1000.
     */
    private static final Map<String, Integer> OWNERS = Map.of("postgres", 0, "kafka", 1000);
    private static final int SERVICE_UID = 185;

    @Option(names = "--dir", required = true, description = "Where the secrets are kept (the signing key among them).")
    Path dir;

    @Option(names = "--share", description = "CONSUMER=DIRECTORY: write CONSUMER's share there (a service's "
            + "module name, console, postgres or kafka). Repeatable.")
    Map<String, Path> shares = Map.of();

    @Override
    public Integer call() {
        Secrets secrets = Secrets.in(dir);
        AccessKeys keys = secrets.accessKeys();
        String database = secrets.password("database");
        keys.writeToken(Roles.OPERATOR, Roles.OPERATOR, LocalSystem.TOKEN_LIFETIME);
        keys.writeToken(Roles.VIEWER, Roles.VIEWER, LocalSystem.TOKEN_LIFETIME);
        try {
            for (Map.Entry<String, Path> share : shares.entrySet()) {
                String consumer = share.getKey();
                Path to = share.getValue();
                Files.createDirectories(to);
                int owner = OWNERS.getOrDefault(consumer, SERVICE_UID);
                switch (consumer) {
                    case "postgres" -> write(to.resolve("database.password"), database, owner);
                    case "kafka" -> {
                        BusUsers users = BusUsers.from(secrets);
                        write(to.resolve("kafka-jaas.conf"), users.containerBrokerJaas(), owner);
                        write(to.resolve("admin.properties"),
                                BusUsers.asProperties(users.containerAdminLogin(), ""), owner);
                    }
                    default -> {
                        String logins = consumer.equals(LocalSystem.CONSOLE) ? LocalSystem.consoleLogins(secrets)
                                : LocalSystem.serviceLogins(Service.ofModule(consumer), secrets);
                        Files.copy(keys.verifyKey(), to.resolve("jwt-verify-key.pem"),
                                StandardCopyOption.REPLACE_EXISTING);
                        write(to.resolve("jailnet.properties"), logins, owner);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.printf("jailnet secrets: kept in %s; shares written for %s%n", dir, shares.keySet());
        return 0;
    }

    /** Readable by its consumer's uid only. */
    private static void write(Path file, String content, int owner) throws IOException {
        Secrets.writePrivate(file, content);
        Files.setAttribute(file, "unix:uid", owner);
    }
}

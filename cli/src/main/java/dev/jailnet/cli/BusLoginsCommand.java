package dev.jailnet.cli;

import dev.jailnet.events.BusAccess;
import dev.jailnet.localstack.BusGrants;
import dev.jailnet.localstack.BusUsers;
import dev.jailnet.localstack.Secrets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jailnet bus-logins}: each service's own Kafka user, the ACLs that let it write only the topics it owns
 * and read only those it consumes, and every topic, made on a broker in a container by its administrator
 * (see {@link BusUsers#containerBrokerJaas()}). Compose runs it once Kafka is up, before the services start;
 * {@code jailnet up}'s broker does the same by itself.
 */
@Command(name = "bus-logins", mixinStandardHelpOptions = true,
        description = "Make (or set again) each service's Kafka login and ACLs, and the system's topics.")
public class BusLoginsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-server", required = true, description = "The broker, e.g. kafka:9092.")
    String bootstrapServers;

    @Option(names = "--secrets", required = true, description = "The secrets directory (jailnet secrets --dir).")
    Path secretsDir;

    @Option(names = "--timeout", defaultValue = "PT2M",
            description = "How long to wait for the broker to answer (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        BusUsers users = BusUsers.from(Secrets.in(secretsDir));
        Map<String, Object> properties = new HashMap<>(users.containerAdminLogin());
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "jailnet-bus-logins");
        try (Admin admin = Admin.create(properties)) {
            BusGrants.awaitAnswer(admin, timeout);
            BusGrants.apply(admin, users);
        }
        System.out.printf("jailnet bus-logins: %s log in to %s, each with its own ACLs%n",
                BusAccess.PRINCIPALS.stream().map(BusAccess::principal).toList(), bootstrapServers);
        return 0;
    }
}

package dev.jailnet.cli;

import dev.jailnet.localstack.DatabaseRoles;
import dev.jailnet.localstack.Secrets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jailnet database-roles}: one login role per service, owner of its schema alone, with the password
 * kept in the secrets directory. Compose runs it once PostgreSQL is up, before the services start;
 * {@code jailnet up} does the same by itself.
 */
@Command(name = "database-roles", mixinStandardHelpOptions = true,
        description = "Make (or set again) each service's own database role, owner of its schema alone.")
public class DatabaseRolesCommand implements Callable<Integer> {

    @Option(names = "--jdbc-url", required = true, description = "The database, e.g. jdbc:postgresql://postgres:5432/jailnet.")
    String jdbcUrl;

    @Option(names = "--owner", defaultValue = LocalSystem.DB_USER,
            description = "The database's owner, who connects to make the roles (default: ${DEFAULT-VALUE}).")
    String owner;

    @Option(names = "--secrets", required = true, description = "The secrets directory (jailnet secrets --dir).")
    Path secretsDir;

    @Override
    public Integer call() throws SQLException {
        Secrets secrets = Secrets.in(secretsDir);
        String database = jdbcUrl.replaceFirst(".*/", "").replaceFirst("\\?.*", "");
        try (Connection connection = DriverManager.getConnection(jdbcUrl, owner, secrets.password("database"))) {
            forEveryService(connection, database, owner, secrets);
        }
        System.out.printf("jailnet database-roles: %s own their schemas in %s%n",
                java.util.Arrays.stream(Service.values()).map(Service::databaseRole).toList(), database);
        return 0;
    }

    /** Each service's role, with its password among {@code secrets}, made through {@code connection} as {@code owner}. */
    public static void forEveryService(Connection connection, String database, String owner, Secrets secrets) {
        for (Service service : Service.values()) {
            DatabaseRoles.forService(connection, database, owner, service.databaseRole(),
                    secrets.password(service.module()), service.schema());
        }
    }
}

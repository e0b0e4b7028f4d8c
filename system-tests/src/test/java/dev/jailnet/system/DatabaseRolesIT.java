package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.cli.LocalSystem;
import dev.jailnet.cli.Service;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Least privilege in the database: each service connects as its own role, which owns its schema; it cannot
 * read, write or create anything in another's, and its password is the data directory's own.
 */
@ExtendWith(JailnetSystem.class)
class DatabaseRolesIT {

    @Test
    void eachServiceReachesItsOwnSchemaAndNoOther(SystemUnderTest system) throws SQLException {
        LocalSystem local = ((LocalProcesses) system).system();
        for (Service service : Service.values()) {
            try (Connection connection = DriverManager.getConnection(local.jdbcUrl(), service.databaseRole(),
                    local.secrets().password(service.module()));
                 Statement sql = connection.createStatement()) {
                try (ResultSet own = sql.executeQuery("select count(*) from " + service.schema() + ".outbox")) {
                    assertThat(own.next()).as(service + " reads its own outbox").isTrue();
                }
                for (Service other : Service.values()) {
                    if (other == service) {
                        continue;
                    }
                    assertThatThrownBy(() -> sql.executeQuery("select count(*) from " + other.schema() + ".outbox"))
                            .as(service + " reading " + other + "'s outbox").isInstanceOf(SQLException.class)
                            .hasMessageContaining("permission denied for schema " + other.schema());
                    assertThatThrownBy(() -> sql.execute("create table " + other.schema() + ".intruder (id int)"))
                            .as(service + " creating a table in " + other + "'s schema")
                            .hasMessageContaining("permission denied for schema " + other.schema());
                }
            }
        }
    }

    @Test
    void noRoleLogsInWithoutItsOwnPassword(SystemUnderTest system) {
        LocalSystem local = ((LocalProcesses) system).system();
        assertThatThrownBy(() -> DriverManager.getConnection(local.jdbcUrl(), Service.IFNET.databaseRole(),
                local.secrets().password(Service.JAIL.module())).close())
                .as("ifnet's role with jail's password").hasMessageContaining("password authentication failed");
        for (String role : List.of("postgres", LocalSystem.DB_USER, Service.VNET.databaseRole())) {
            assertThatThrownBy(() -> DriverManager.getConnection(local.jdbcUrl(), role, "").close())
                    .as(role + " without a password").isInstanceOf(SQLException.class);
        }
    }
}

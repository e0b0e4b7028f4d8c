package dev.jailnet.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * A service's migrations tried on data written before one of them: a schema of its own, migrated up to a version,
 * given rows as the service wrote them then ({@link #inSchema}), and migrated on to the last ({@link #migrateOn()}).
 * Closing it drops the schema.
 */
public final class SchemaUpgrade implements AutoCloseable {

    private final DataSource dataSource;
    private final String schema;

    private SchemaUpgrade(DataSource dataSource, String schema) {
        this.dataSource = dataSource;
        this.schema = schema;
    }

    /** A new schema named after {@code service}, migrated up to {@code version} and no further. */
    public static SchemaUpgrade before(DataSource dataSource, String service, String version) {
        SchemaUpgrade upgrade = new SchemaUpgrade(dataSource,
                service.replace('-', '_') + "_upgrade_" + UUID.randomUUID().toString().substring(0, 8));
        upgrade.flyway().target(version).load().migrate();
        return upgrade;
    }

    /** Runs the rest of the migrations. */
    public void migrateOn() {
        flyway().load().migrate();
    }

    /** What a test does with the schema's tables, named unqualified. */
    @FunctionalInterface
    public interface Work {
        void run(Statement sql) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction whose search path is the schema: {@code set local} ends with it, so the
     * pooled connection goes back to the service's own schema.
     */
    public void inSchema(Work work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement sql = connection.createStatement()) {
                sql.execute("set local search_path to " + schema);
                work.run(sql);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** The first column of every row {@code query} returns, as text, in its order. */
    public static List<String> column(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private FluentConfiguration flyway() {
        return Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration");
    }

    @Override
    public void close() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("drop schema " + schema + " cascade");
        }
    }
}

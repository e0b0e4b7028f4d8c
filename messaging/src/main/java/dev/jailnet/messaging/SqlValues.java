package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One number from one statement (a sequence's next value, a lock taken), or one write, with plain JDBC on the
 * transaction's connection. Through the ORM, a native query resolves its result's mapping and flushes the session first, neither
 * needed here, and on the hot paths that cost more than the statement.
 */
@ApplicationScoped
public class SqlValues {

    private final AgroalDataSource dataSource;

    public SqlValues(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The next value of a sequence of the service's schema. */
    public long nextval(String sequence) {
        return number("select nextval(?::regclass)", sequence);
    }

    /** The first column of the first row {@code sql} returns, its parameters bound in order. */
    public long number(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = bound(connection, sql, parameters);
             ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                throw new IllegalStateException("no row from " + sql);
            }
            return row.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    /** Runs an insert, update or delete, its parameters bound in order (no caller needs its count of rows). */
    public void update(String sql, Object... parameters) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = bound(connection, sql, parameters)) {
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run " + sql + ": " + e.getMessage(), e);
        }
    }

    private static PreparedStatement bound(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}

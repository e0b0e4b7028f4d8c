package dev.jailnet.vnet.store;

import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;

/**
 * A change of one row with plain JDBC on the transaction's connection: read the row into its object, let the change
 * act on the object, and write the row back only if a snapshot of the object taken after differs from one taken
 * before (the work a Hibernate flush does, without the ORM).
 */
final class RowChanges {

    interface Read<E> {
        Optional<E> read(Connection connection) throws SQLException;
    }

    interface Write<S> {
        void write(Connection connection, S stored) throws SQLException;
    }

    private RowChanges() {
    }

    /** Empty when there is no such row, or {@code change} returns null. */
    static <E, S, T> Optional<T> change(AgroalDataSource dataSource, String what, Read<E> read,
                                        Function<E, S> snapshot, Write<S> write, Function<E, T> change) {
        try (Connection connection = dataSource.getConnection()) {
            Optional<E> found = read.read(connection);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            E object = found.get();
            S before = snapshot.apply(object);
            T result = change.apply(object);
            S after = snapshot.apply(object);
            if (!after.equals(before)) {
                write.write(connection, after);
            }
            return Optional.ofNullable(result);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read or write " + what, e);
        }
    }
}

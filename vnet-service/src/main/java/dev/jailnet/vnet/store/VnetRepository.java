package dev.jailnet.vnet.store;

import dev.jailnet.problem.Pages;
import dev.jailnet.vnet.domain.Vnet;
import dev.jailnet.vnet.domain.VnetState;
import io.agroal.api.AgroalDataSource;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The VNETs' rows. As for the sagas (see {@link SagaRepository}), the orchestrator reads and writes them with plain
 * JDBC on the transaction's connection, and lists and views read them through Hibernate. A write checks the version
 * read, as Hibernate's would: the saga clock changes a VNET without the VNET's lock that messages and requests take.
 */
@ApplicationScoped
public class VnetRepository implements PanacheRepositoryBase<Vnet, String> {

    private static final String COLUMNS = """
            jid, parent_vnet_id, state, created_at, alive_at, ended_at, reason, shutdown_at, jail_dying, refs_drained,
            legacy""";
    private static final String SELECT = "select " + COLUMNS + ", version from vnet where vnet_id = ?";
    private static final String INSERT = "insert into vnet (vnet_id, " + COLUMNS + ", version)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)";
    private static final String UPDATE = """
            update vnet set jid = ?, parent_vnet_id = ?, state = ?, created_at = ?, alive_at = ?, ended_at = ?,
                   reason = ?, shutdown_at = ?, jail_dying = ?, refs_drained = ?, legacy = ?, version = version + 1
            where vnet_id = ? and version = ?""";

    private final AgroalDataSource dataSource;

    public VnetRepository(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** In creation order after {@code after} (from the start when null), at most {@code count}. */
    public List<Vnet> list(Pages.After after, int count) {
        return (after == null ? find("order by createdAt, vnetId")
                : find("createdAt > ?1 or (createdAt = ?1 and vnetId > ?2) order by createdAt, vnetId", after.at(),
                        after.id())).range(0, count - 1).list();
    }

    public boolean exists(String vnetId) {
        try (Connection connection = dataSource.getConnection()) {
            return read(connection, vnetId).isPresent();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read VNET " + vnetId, e);
        }
    }

    /**
     * Reads the VNET, lets {@code change} act on it, and writes its row back if the VNET changed; a row changed by
     * another transaction meanwhile is a conflict ({@link OptimisticLockException}), the whole transaction tried
     * again. Empty when there is no such VNET, or {@code change} returns null.
     */
    public <T> Optional<T> change(String vnetId, Function<Vnet, T> change) {
        return RowChanges.change(dataSource, "VNET " + vnetId, connection -> read(connection, vnetId), Vnet::stored,
                VnetRepository::write, change);
    }

    /** A VNET made in this transaction, found at once by {@link #change}. */
    public void insert(Vnet vnet) {
        Vnet.Stored row = vnet.stored();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(INSERT)) {
            insert.setString(1, row.vnetId());
            bind(insert, 2, row);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write VNET " + row.vnetId(), e);
        }
    }

    private static Optional<Vnet> read(Connection connection, String vnetId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT)) {
            select.setString(1, vnetId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                int jid = row.getInt(1);
                Integer owner = row.wasNull() ? null : jid;
                return Optional.of(Vnet.restore(new Vnet.Stored(vnetId, owner, row.getString(2),
                        VnetState.valueOf(row.getString(3)), Timestamps.read(row, 4), Timestamps.read(row, 5),
                        Timestamps.read(row, 6), row.getString(7), Timestamps.read(row, 8), row.getBoolean(9),
                        row.getBoolean(10), row.getBoolean(11), row.getLong(12))));
            }
        }
    }

    private static void write(Connection connection, Vnet.Stored row) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(UPDATE)) {
            int next = bind(update, 1, row);
            update.setString(next, row.vnetId());
            update.setLong(next + 1, row.version());
            if (update.executeUpdate() == 0) {
                throw new OptimisticLockException("VNET " + row.vnetId() + " was changed by another transaction");
            }
        }
    }

    /** The columns after the id, in {@link #COLUMNS}' order, from {@code first}; returns the next parameter. */
    private static int bind(PreparedStatement statement, int first, Vnet.Stored row) throws SQLException {
        int i = first;
        if (row.jid() == null) {
            statement.setNull(i++, Types.INTEGER);
        } else {
            statement.setInt(i++, row.jid());
        }
        statement.setString(i++, row.parentVnetId());
        statement.setString(i++, row.state().name());
        statement.setObject(i++, Timestamps.of(row.createdAt()));
        statement.setObject(i++, Timestamps.of(row.aliveAt()));
        statement.setObject(i++, Timestamps.of(row.endedAt()));
        statement.setString(i++, row.reason());
        statement.setObject(i++, Timestamps.of(row.shutdownAt()));
        statement.setBoolean(i++, row.jailDying());
        statement.setBoolean(i++, row.refsDrained());
        statement.setBoolean(i++, row.legacy());
        return i;
    }
}

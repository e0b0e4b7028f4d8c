package dev.jailnet.messaging;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;

/**
 * The per-VNET write lock of a service: every change to a VNET's objects, whether a REST request or the
 * handling of a message (the inbox takes it for the record's key), holds it until its transaction ends. So a
 * saga step (FREEZE first of all) and a request never interleave on one VNET: the request that comes after the
 * freeze sees the VNET shutting down and is refused, the one before it is done before the freeze.
 * <p>
 * A PostgreSQL transaction-scoped advisory lock; advisory locks are per database, which services may share, so
 * the key names the schema too. Several VNETs are locked in one fixed order (by id), so that two requests never
 * wait for each other.
 */
@ApplicationScoped
public class VnetLocks {

    /** The SQL that takes one VNET's lock; the inbox's claim embeds it. */
    static final String LOCK = lockOf("?");
    /**
     * The query that takes the locks of the VNETs of a text array, in the database's order of their ids (the one
     * order every locker shares), and yields one row once all are held; the inbox's claim of several embeds it.
     */
    static final String LOCK_ALL = "select count(" + lockOf("id") + ") as held"
            + " from (select unnest(cast(? as text[])) as id order by 1) ordered";

    /** The lock of the VNET whose id {@code vnetId} (an SQL expression) evaluates to. */
    private static String lockOf(String vnetId) {
        return "pg_advisory_xact_lock(hashtext(current_schema() || ':vnet:' || " + vnetId + "))";
    }

    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry transactions;
    private final VnetCommits commits;

    public VnetLocks(AgroalDataSource dataSource, TransactionSynchronizationRegistry transactions,
                     VnetCommits commits) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.commits = commits;
    }

    /** Waits for, and holds until the current transaction ends, the write locks of these VNETs. */
    public void lock(String... vnetIds) {
        lock(Arrays.asList(vnetIds));
    }

    /**
     * The same for a collection, in one round trip: the database takes the locks in its own order of the ids,
     * the one order every caller shares.
     */
    public void lock(Collection<String> vnetIds) {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            throw new IllegalStateException("a VNET lock is taken only inside an active transaction");
        }
        String[] distinct = vnetIds.stream().filter(Objects::nonNull).distinct().toArray(String[]::new);
        if (distinct.length == 0) {
            return;
        }
        commits.writing(Arrays.asList(distinct));
        try (Connection connection = dataSource.getConnection();
             PreparedStatement lock = connection.prepareStatement(LOCK_ALL)) {
            lock.setArray(1, connection.createArrayOf("text", distinct));
            lock.execute();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock " + String.join(", ", distinct), e);
        }
    }
}

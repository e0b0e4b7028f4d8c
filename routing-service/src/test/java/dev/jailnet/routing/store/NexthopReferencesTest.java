package dev.jailnet.routing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.Together;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * A route and a tunnel's subscription hold a nexthop, and the database keeps that rule once per statement (migration
 * V4): a reference to a missing nexthop is refused, a nexthop still held cannot be deleted, and a reference written
 * while its nexthop is deleted never survives the delete, whichever of the two commits first.
 */
@QuarkusTest
@ServiceTest
class NexthopReferencesTest {

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final AtomicInteger INTERFACES = new AtomicInteger(70_000);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aRouteOrASubscriptionNamingAMissingNexthopIsRefused() throws Exception {
        String vnet = vnet();
        long held = nexthop(vnet);
        long missing = held + 1_000_000;

        assertRefused(() -> route(vnet, "10.1.0.0/24", missing));
        assertRefused(() -> subscription(vnet, 1, missing));
        long subscription = subscription(vnet, 2, null);
        assertRefused(() -> hold(subscription, missing));

        hold(subscription, held);
        route(vnet, "10.1.1.0/24", held);
        assertThat(dangling(vnet)).isZero();
    }

    @Test
    void aNexthopStillHeldIsNeitherDeletedNorRenumberedNorTruncatedAway() throws Exception {
        String vnet = vnet();
        long routed = nexthop(vnet);
        long cached = nexthop(vnet);
        route(vnet, "10.2.0.0/24", routed);
        hold(subscription(vnet, 1, null), cached);

        try (Connection connection = dataSource.getConnection()) {
            assertRefused(() -> deleteNexthop(connection, routed));
            assertRefused(() -> deleteNexthop(connection, cached));
        }
        assertRefused(() -> Together.sql(dataSource, "update routing.nhop set id = " + (routed + 1_000_000)
                + " where id = " + routed));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            assertRefused(() -> connection.createStatement().execute("truncate routing.nhop"));
            connection.rollback();
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThatThrownBy(() -> deleteNexthop(connection, routed)).hasMessageContaining("READ COMMITTED");
            connection.rollback();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }

        Together.sql(dataSource, "delete from routing.route where vnet_id = '" + vnet + "'",
                "delete from routing.rib_subscription where vnet_id = '" + vnet + "'",
                "delete from routing.nhop where vnet_id = '" + vnet + "'");
        assertThat(Together.count(dataSource, "select count(*) from routing.nhop where vnet_id = '" + vnet + "'"))
                .isZero();
    }

    @Test
    void aDeleteThatWaitsForAReferenceToCommitSeesItAndFails() throws Exception {
        String vnet = vnet();
        long nexthop = nexthop(vnet);
        try (Connection writer = Together.transaction(dataSource)) {
            insertRoute(writer, vnet, "10.3.0.0/24", nexthop);
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> deleteNexthop(nexthop));
            Together.awaitWaitingOnALock(dataSource, "delete from routing.nhop", delete);
            writer.commit();
            assertThatThrownBy(delete::join).hasRootCauseInstanceOf(SQLException.class)
                    .rootCause().hasFieldOrPropertyWithValue("SQLState", FOREIGN_KEY_VIOLATION);
        }
        assertThat(dangling(vnet)).isZero();
        assertThat(Together.count(dataSource, "select count(*) from routing.nhop where id = " + nexthop)).isOne();
    }

    @Test
    void aReferenceThatWaitsForItsNexthopsDeleteToCommitFails() throws Exception {
        String vnet = vnet();
        long nexthop = nexthop(vnet);
        long subscription = subscription(vnet, 1, null);
        try (Connection deleter = Together.transaction(dataSource)) {
            deleteNexthop(deleter, nexthop);
            CompletableFuture<Void> hold = CompletableFuture.runAsync(() -> {
                try {
                    hold(subscription, nexthop);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Together.awaitWaitingOnALock(dataSource, "update routing.rib_subscription", hold);
            deleter.commit();
            assertThatThrownBy(hold::join).hasRootCauseInstanceOf(SQLException.class)
                    .rootCause().hasFieldOrPropertyWithValue("SQLState", FOREIGN_KEY_VIOLATION);
        }
        assertThat(dangling(vnet)).isZero();
    }

    @Test
    void referencesWrittenWhileTheirNexthopIsDeletedNeverOutliveItSixtyRounds() throws Exception {
        String vnet = vnet();
        long subscription = subscription(vnet, 1, null);
        int referencesKept = 0;
        int deletesKept = 0;
        for (int round = 0; round < 60; round++) {
            long nexthop = nexthop(vnet);
            boolean byRoute = round % 2 == 0;
            String destination = "10.4." + round + ".0/24";
            boolean[] committed = new boolean[2];
            Together.run(() -> committed[0] = Together.attempt(dataSource, FOREIGN_KEY_VIOLATION, connection -> {
                if (byRoute) {
                    insertRoute(connection, vnet, destination, nexthop);
                } else {
                    hold(connection, subscription, nexthop);
                }
            }), () -> committed[1] = Together.attempt(dataSource, FOREIGN_KEY_VIOLATION,
                    connection -> deleteNexthop(connection, nexthop)));

            assertThat(committed[0] ^ committed[1]).as("round %d: exactly one of the two commits", round).isTrue();
            assertThat(dangling(vnet)).as("round %d: no reference outlives its nexthop", round).isZero();
            referencesKept += committed[0] ? 1 : 0;
            deletesKept += committed[1] ? 1 : 0;
            Together.sql(dataSource, "delete from routing.route where vnet_id = '" + vnet + "'",
                    "update routing.rib_subscription set held_nhop_id = null where id = " + subscription);
        }
        assertThat(referencesKept + deletesKept).isEqualTo(60);
    }

    private void deleteNexthop(long nexthop) {
        try (Connection connection = dataSource.getConnection()) {
            deleteNexthop(connection, nexthop);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteNexthop(Connection connection, long nexthop) throws SQLException {
        connection.createStatement().execute("delete from routing.nhop where id = " + nexthop);
    }

    private static String vnet() {
        return "refs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private long nexthop(String vnet) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into routing.nhop (id, vnet_id, fib, family, if_index, if_name, gateway, created_at)
                     values (nextval('routing.nhop_seq'), ?, 0, 'INET', ?, 'epair0b', null, now()) returning id""")) {
            insert.setString(1, vnet);
            insert.setInt(2, INTERFACES.incrementAndGet());
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    private void route(String vnet, String destination, long nexthop) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            insertRoute(connection, vnet, destination, nexthop);
        }
    }

    private static void insertRoute(Connection connection, String vnet, String destination, long nexthop)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into routing.route (vnet_id, fib, family, destination, nhop_id, kind, created_at)
                values (?, 0, 'INET', ?::cidr, ?, 'STATIC', now())""")) {
            insert.setString(1, vnet);
            insert.setString(2, destination);
            insert.setLong(3, nexthop);
            insert.executeUpdate();
        }
    }

    private long subscription(String vnet, int ifIndex, Long nexthop) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("""
                     insert into routing.rib_subscription (vnet_id, fib, family, subscriber_if_index, subscriber_name,
                                                           destination, held_nhop_id, created_at)
                     values (?, 0, 'INET', ?, 'gif0', '192.0.2.1', ?, now()) returning id""")) {
            insert.setString(1, vnet);
            insert.setInt(2, ifIndex);
            insert.setObject(3, nexthop);
            try (ResultSet id = insert.executeQuery()) {
                id.next();
                return id.getLong(1);
            }
        }
    }

    private void hold(long subscription, long nexthop) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            hold(connection, subscription, nexthop);
        }
    }

    private static void hold(Connection connection, long subscription, long nexthop) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update routing.rib_subscription set held_nhop_id = ? where id = ?")) {
            update.setLong(1, nexthop);
            update.setLong(2, subscription);
            update.executeUpdate();
        }
    }

    /** References of the VNET's routes and subscriptions to nexthops that do not exist. */
    private int dangling(String vnet) throws Exception {
        return Together.count(dataSource, "select (select count(*) from routing.route r where r.vnet_id = '" + vnet
                + "' and not exists (select from routing.nhop n where n.id = r.nhop_id))"
                + " + (select count(*) from routing.rib_subscription s where s.vnet_id = '" + vnet
                + "' and s.held_nhop_id is not null"
                + " and not exists (select from routing.nhop n where n.id = s.held_nhop_id))");
    }

    private static void assertRefused(ThrowingCallable statement) {
        assertThatThrownBy(statement).isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", FOREIGN_KEY_VIOLATION);
    }
}

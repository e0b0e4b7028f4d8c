package dev.jailnet.ifnet.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.Together;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * An interface's addresses and references belong to it, and the database keeps that rule once per statement
 * (migration V7): one naming a missing interface is refused, they go when their interface is deleted, and one written
 * while its interface is deleted never outlives it, whichever of the two commits first.
 */
@QuarkusTest
@ServiceTest
class InterfaceReferencesTest {

    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final AtomicInteger INDEXES = new AtomicInteger(3_000_000);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void anAddressOrAReferenceNamingAMissingInterfaceIsRefused() throws Exception {
        String vnet = vnet();
        int present = ifnet(vnet);
        int missing = present + 1_000_000;

        assertRefused(() -> sql(reference(vnet, missing)));
        assertRefused(() -> sql(address(missing, "192.0.2.1")));
        sql(reference(vnet, present), address(present, "192.0.2.2"));
        assertRefused(() -> sql("update ifnet.ifnet_ref set if_index = " + missing + " where if_index = " + present));
        assertRefused(() -> sql("update ifnet.ifaddr set if_index = " + missing + " where if_index = " + present));
        sql("update ifnet.ifaddr set routed = true where if_index = " + present);

        assertThat(count("select count(*) from ifnet.ifnet_ref where holder_vnet = '" + vnet + "'")).isOne();
        assertThat(count("select count(*) from ifnet.ifaddr where if_index = " + present)).isOne();
        assertThat(dangling(vnet)).isZero();
    }

    @Test
    void anInterfacesAddressesAndReferencesGoWithItAndOnlyTheirs() throws Exception {
        String vnet = vnet();
        int gone = ifnet(vnet);
        int kept = ifnet(vnet);
        sql(reference(vnet, gone), reference(vnet, gone), address(gone, "192.0.2.3"),
                reference(vnet, kept), address(kept, "192.0.2.4"));

        assertRefused(() -> sql("update ifnet.ifnet set if_index = " + (gone + 1_000_000)
                + " where if_index = " + gone));
        try (Connection connection = Together.transaction(dataSource)) {
            assertRefused(() -> connection.createStatement().execute("truncate ifnet.ifnet"));
            connection.rollback();
        }
        try (Connection connection = Together.transaction(dataSource)) {
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            assertThatThrownBy(() -> connection.createStatement().execute(deleteInterface(gone)))
                    .hasMessageContaining("READ COMMITTED");
            connection.rollback();
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        }

        sql(deleteInterface(gone));

        assertThat(count("select count(*) from ifnet.ifnet_ref where if_index = " + gone)).isZero();
        assertThat(count("select count(*) from ifnet.ifaddr where if_index = " + gone)).isZero();
        assertThat(count("select count(*) from ifnet.ifnet_ref where if_index = " + kept)).isOne();
        assertThat(count("select count(*) from ifnet.ifaddr where if_index = " + kept)).isOne();
    }

    @Test
    void aDeleteThatWaitsForAReferenceToCommitTakesItAlong() throws Exception {
        String vnet = vnet();
        int ifIndex = ifnet(vnet);
        try (Connection writer = Together.transaction(dataSource)) {
            writer.createStatement().execute(reference(vnet, ifIndex));
            CompletableFuture<Void> delete = CompletableFuture.runAsync(() -> {
                try {
                    sql(deleteInterface(ifIndex));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Together.awaitWaitingOnALock(dataSource, "delete from ifnet.ifnet", delete);
            writer.commit();
            delete.join();
        }
        assertThat(count("select count(*) from ifnet.ifnet where if_index = " + ifIndex)).isZero();
        assertThat(dangling(vnet)).isZero();
    }

    @Test
    void aReferenceThatWaitsForItsInterfacesDeleteToCommitFails() throws Exception {
        String vnet = vnet();
        int ifIndex = ifnet(vnet);
        try (Connection deleter = Together.transaction(dataSource)) {
            deleter.createStatement().execute(deleteInterface(ifIndex));
            CompletableFuture<Void> reference = CompletableFuture.runAsync(() -> {
                try {
                    sql(reference(vnet, ifIndex));
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Together.awaitWaitingOnALock(dataSource, "insert into ifnet.ifnet_ref", reference);
            deleter.commit();
            assertThatThrownBy(reference::join).hasRootCauseInstanceOf(SQLException.class)
                    .rootCause().hasFieldOrPropertyWithValue("SQLState", FOREIGN_KEY_VIOLATION);
        }
        assertThat(dangling(vnet)).isZero();
    }

    @Test
    void referencesAndAddressesWrittenWhileTheirInterfaceIsDeletedNeverOutliveItSixtyRounds() throws Exception {
        String vnet = vnet();
        for (int round = 0; round < 60; round++) {
            int ifIndex = ifnet(vnet);
            String write = round % 2 == 0 ? reference(vnet, ifIndex) : address(ifIndex, "198.51.100." + round);
            boolean[] committed = new boolean[2];
            Together.run(() -> committed[0] = attempt(write), () -> committed[1] = attempt(deleteInterface(ifIndex)));

            assertThat(committed[1]).as("round %d: the interface's delete commits", round).isTrue();
            assertThat(dangling(vnet)).as("round %d: nothing outlives its interface", round).isZero();
        }
    }

    /** {@code statement} raced: false if the database refused it for a missing interface. */
    private boolean attempt(String statement) {
        return Together.attempt(dataSource, FOREIGN_KEY_VIOLATION, c -> c.createStatement().execute(statement));
    }

    private static String vnet() {
        return "refs-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private int ifnet(String vnet) throws SQLException {
        int ifIndex = INDEXES.incrementAndGet();
        sql("insert into ifnet.ifnet (if_index, name, kind, home_vnet, vnet, up, running, mtu, created_at) values ("
                + ifIndex + ", 'epair" + ifIndex + "b', 'EPAIR', '" + vnet + "', '" + vnet + "', true, true, 1500,"
                + " now())");
        return ifIndex;
    }

    private static String reference(String vnet, int ifIndex) {
        return "insert into ifnet.ifnet_ref (if_index, holder, holder_vnet, taken_at) values (" + ifIndex + ", 'nhop:"
                + vnet + "/" + UUID.randomUUID() + "', '" + vnet + "', now())";
    }

    private static String address(int ifIndex, String address) {
        return "insert into ifnet.ifaddr (if_index, family, address, prefix_length) values (" + ifIndex + ", 'INET', '"
                + address + "', 24)";
    }

    private static String deleteInterface(int ifIndex) {
        return "delete from ifnet.ifnet where if_index = " + ifIndex;
    }

    private void sql(String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private int count(String query) throws Exception {
        return Together.count(dataSource, query);
    }

    /** The VNET's nexthops' references, and this test's addresses, that name interfaces which do not exist. */
    private int dangling(String vnet) throws Exception {
        return count("select (select count(*) from ifnet.ifnet_ref r where r.holder_vnet = '" + vnet + "'"
                + " and not exists (select from ifnet.ifnet i where i.if_index = r.if_index))"
                + " + (select count(*) from ifnet.ifaddr a where a.if_index >= 3000000"
                + " and not exists (select from ifnet.ifnet i where i.if_index = a.if_index))");
    }

    private static void assertRefused(ThrowingCallable statement) {
        assertThatThrownBy(statement).isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", FOREIGN_KEY_VIOLATION);
    }
}

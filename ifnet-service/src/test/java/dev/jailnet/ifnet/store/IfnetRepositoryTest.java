package dev.jailnet.ifnet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.ifnet.domain.Ifaddr;
import dev.jailnet.ifnet.domain.Ifnet;
import dev.jailnet.ifnet.domain.IfnetRef;
import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.hibernate.Session;
import org.hibernate.SessionEventListener;
import org.junit.jupiter.api.Test;

/**
 * A VNET's teardown deletes its interfaces in one statement, and their addresses and references go with them. It
 * must look those up once per statement: a lookup per interface fetches, one by one, every reference the same
 * transaction released just before (still in the index until it ends), and a plan cached while the tables were small
 * can read a whole table for each interface.
 */
@QuarkusTest
@ServiceTest
class IfnetRepositoryTest {

    private static final int FIRST = 2_000_001;
    private static final int BIG = 2_000;
    private static final int REFS_PER_INTERFACE = 10;

    @Inject
    IfnetRepository interfaces;

    @Test
    void aLargeTeardownLooksItsInterfacesAddressesAndReferencesUpOncePerTable() {
        String vnet = "teardown-" + UUID.randomUUID().toString().substring(0, 8);
        long[] lookups;
        // one transaction, so one connection, rolled back: the rows and the plans are this test's alone
        QuarkusTransaction.begin();
        try {
            // many standard jails' teardowns first, three interfaces each, while the tables are small
            for (int first = FIRST; first < FIRST + 30; first += 3) {
                interfaces(vnet, first, 3, 1);
                interfaces.deleteAll(List.of(first, first + 1, first + 2));
            }
            // then one VNET with many interfaces, each addressed and referenced, none analyzed since
            interfaces(vnet, FIRST + 100, BIG, REFS_PER_INTERFACE);
            // IFNET_DETACH releases the VNET's nexthops' references before it deletes the interfaces
            sql("delete from ifnet.ifnet_ref where holder_vnet = '" + vnet + "'");
            long[] before = {lookups("ifaddr"), lookups("ifnet_ref")};

            interfaces.deleteAll(IntStream.range(FIRST + 100, FIRST + 100 + BIG).boxed().toList());

            lookups = new long[] {lookups("ifaddr") - before[0], lookups("ifnet_ref") - before[1]};
            assertThat(count("select count(*) from ifnet.ifnet where home_vnet = '" + vnet + "'")).isZero();
            assertThat(count("select count(*) from ifnet.ifaddr where if_index >= " + FIRST)).isZero();
            assertThat(count("select count(*) from ifnet.ifnet_ref where if_index >= " + FIRST)).isZero();
        } finally {
            QuarkusTransaction.rollback();
        }
        // row by row, each table is looked up once for each of the 2,000 interfaces
        assertThat(lookups[0]).as("scans of ifaddr").isLessThanOrEqualTo(1);
        assertThat(lookups[1]).as("scans of ifnet_ref").isLessThanOrEqualTo(1);
    }

    @Test
    void aLargeTeardownReadsItsArrayOfIndexesOnceNotOncePerInterface() {
        String vnet = "teardown-" + UUID.randomUUID().toString().substring(0, 8);
        List<Integer> indexes = IntStream.range(FIRST + 5_000, FIRST + 5_000 + BIG).boxed().toList();
        String plan;
        QuarkusTransaction.begin();
        try {
            interfaces(vnet, FIRST + 5_000, BIG, 0);
            sql("analyze ifnet.ifnet");
            // bound as JDBC binds it: text, which only a cast makes an array
            plan = String.join("\n", rows("explain (costs off) " + IfnetRepository.DELETE_ALL.replace("?1",
                    "'" + IfnetRepository.arrayOf(indexes) + "'::text"))).replaceAll("\\{[0-9,]*}", "{…}");
        } finally {
            QuarkusTransaction.rollback();
        }
        // a delete of most of the table reads it whole; with the array in its filter, each row parses it again
        assertThat(plan).doesNotContain("= ANY");
    }

    /**
     * An interface found by name comes with its addresses, read by the same statement; its references are read only
     * when used, by one more (an interface may have 100,000, which a change of its addresses must not read).
     */
    @Test
    void anInterfaceFoundByNameIsReadWithItsAddressesInOneStatementAndItsReferencesWhenUsed() {
        String vnet = "byname-" + UUID.randomUUID().toString().substring(0, 8);
        int index = FIRST + 9_000;
        AtomicInteger statements = new AtomicInteger();
        List<Integer> counted = new ArrayList<>();
        QuarkusTransaction.begin();
        try {
            interfaces(vnet, index, 1, 2);
            countStatements(statements);

            Ifnet found = interfaces.byName(vnet, "epair" + index + "a").orElseThrow();
            assertThat(found.addresses()).extracting(Ifaddr::prefixLength).containsExactly(32);
            counted.add(statements.getAndSet(0));
            assertThat(found.refs()).extracting(IfnetRef::holder)
                    .containsExactly("nhop:" + vnet + "/" + index + ".1", "nhop:" + vnet + "/" + index + ".2");
            counted.add(statements.get());
        } finally {
            QuarkusTransaction.rollback();
        }
        assertThat(counted).as("statements that read the interface with its addresses, then its references")
                .containsExactly(1, 1);
    }

    /**
     * By index, as the handlings that change an interface's addresses read it: with its addresses by the same
     * statement, its references only when used (an interface may have 100,000). A VNET's interfaces, as its teardown
     * reads them: with their addresses and references, by one statement (found by id, each collection took one more).
     */
    @Test
    void anInterfaceByIndexIsReadWithItsAddressesAndAVnetsInterfacesWithTheirReferencesTooInOneStatementEach() {
        String vnet = "whole-" + UUID.randomUUID().toString().substring(0, 8);
        int index = FIRST + 9_100;
        AtomicInteger statements = new AtomicInteger();
        List<Integer> counted = new ArrayList<>();
        QuarkusTransaction.begin();
        try {
            interfaces(vnet, index, 3, 2);
            countStatements(statements);

            Ifnet one = interfaces.withAddresses(index + 1).orElseThrow();
            assertThat(one.addresses()).hasSize(1);
            counted.add(statements.getAndSet(0));
            assertThat(one.refs()).extracting(IfnetRef::holder)
                    .containsExactly("nhop:" + vnet + "/" + (index + 1) + ".1", "nhop:" + vnet + "/" + (index + 1) + ".2");
            counted.add(statements.getAndSet(0));
            interfaces.getEntityManager().clear();

            List<Ifnet> all = interfaces.wholeInVnet(vnet);
            assertThat(all).extracting(Ifnet::index).containsExactly(index, index + 1, index + 2);
            assertThat(all).allSatisfy(i -> {
                assertThat(i.addresses()).hasSize(1);
                assertThat(i.refs()).hasSize(2);
            });
            counted.add(statements.get());
        } finally {
            QuarkusTransaction.rollback();
        }
        assertThat(counted).as("statements that read one interface with its addresses, then its references, then"
                + " the VNET's three with both").containsExactly(1, 1, 1);
    }

    /**
     * Routing letting an interface go frees a tombstone nothing holds (its address with it), marks one still held for
     * its last release to free, and leaves an attached interface, or an index no interface has, as it was.
     */
    @Test
    void routingLettingGoFreesAnUnheldTombstoneAndMarksAHeldOne() {
        String vnet = "letgo-" + UUID.randomUUID().toString().substring(0, 8);
        int index = FIRST + 9_200;
        QuarkusTransaction.begin();
        try {
            interfaces(vnet, index, 3, 0);
            sql("update ifnet.ifnet set state = 'TOMBSTONE' where if_index in (" + index + ", " + (index + 1) + ")",
                    "insert into ifnet.ifnet_ref (if_index, holder, holder_vnet, taken_at) values (" + (index + 1)
                            + ", 'nhop:" + vnet + "/7', '" + vnet + "', now())");

            assertThat(interfaces.routingLetGo(index)).isEqualTo(IfnetRepository.LetGo.FREED);
            assertThat(interfaces.routingLetGo(index + 1)).isEqualTo(IfnetRepository.LetGo.MARKED);
            assertThat(interfaces.routingLetGo(index + 2)).as("attached").isEqualTo(IfnetRepository.LetGo.NONE);
            assertThat(interfaces.routingLetGo(index + 3)).as("no such index").isEqualTo(IfnetRepository.LetGo.NONE);

            assertThat(rows("select if_index || ' ' || state || ' ' || routing_detached || ' ' || version"
                    + " from ifnet.ifnet where vnet = '" + vnet + "' order by if_index"))
                    .containsExactly((index + 1) + " TOMBSTONE true 1", (index + 2) + " ATTACHED false 0");
            assertThat(rows("select if_index::text from ifnet.ifaddr where if_index between " + index + " and "
                    + (index + 2) + " order by if_index"))
                    .as("the freed one's address went with it").containsExactly(String.valueOf(index + 1),
                            String.valueOf(index + 2));
            assertThat(rows("select holder from ifnet.ifnet_ref where if_index = " + (index + 1)))
                    .containsExactly("nhop:" + vnet + "/7");
        } finally {
            QuarkusTransaction.rollback();
        }
    }

    /** Counts into {@code statements} each JDBC statement this transaction's session runs from now on. */
    private void countStatements(AtomicInteger statements) {
        interfaces.getEntityManager().unwrap(Session.class).addEventListeners(new SessionEventListener() {
            @Override
            public void jdbcExecuteStatementStart() {
                statements.incrementAndGet();
            }
        });
    }

    /** {@code count} interfaces of {@code vnet} from index {@code first}, each with an address and {@code refs} refs. */
    private void interfaces(String vnet, int first, int count, int refs) {
        String range = "generate_series(" + first + ", " + (first + count - 1) + ") g";
        sql("insert into ifnet.ifnet (if_index, name, kind, home_vnet, vnet, up, running, mtu, created_at)"
                        + " select g, 'epair' || g || 'a', 'EPAIR', '" + vnet + "', '" + vnet + "', true, true, 1500,"
                        + " now() from " + range,
                "insert into ifnet.ifaddr (if_index, family, address, prefix_length) select g, 'INET',"
                        + " '10.' || (g / 65536 % 256) || '.' || (g / 256 % 256) || '.' || (g % 256), 32 from " + range,
                "insert into ifnet.ifnet_ref (if_index, holder, holder_vnet, taken_at) select g, 'nhop:" + vnet
                        + "/' || g || '.' || r, '" + vnet + "', now() from " + range + ", generate_series(1, " + refs
                        + ") r");
    }

    private void sql(String... statements) {
        interfaces.getEntityManager().unwrap(Session.class).doWork(connection -> {
            try (Statement sql = connection.createStatement()) {
                for (String statement : statements) {
                    sql.execute(statement);
                }
            }
        });
    }

    /** The scans of {@code table} this transaction began, by index (a bitmap's too) or whole. */
    private long lookups(String table) {
        return count("select coalesce(seq_scan, 0) + coalesce(idx_scan, 0) from pg_stat_xact_user_tables"
                + " where schemaname = 'ifnet' and relname = '" + table + "'");
    }

    private List<String> rows(String query) {
        return interfaces.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            List<String> rows = new ArrayList<>();
            try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery(query)) {
                while (row.next()) {
                    rows.add(row.getString(1));
                }
            }
            return rows;
        });
    }

    private long count(String query) {
        return interfaces.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery(query)) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}

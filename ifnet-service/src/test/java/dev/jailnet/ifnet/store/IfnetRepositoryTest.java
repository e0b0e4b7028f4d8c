package dev.jailnet.ifnet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.testsupport.ServiceTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/**
 * A VNET's teardown deletes its interfaces in one statement, whose cascades run a query per interface. On a
 * connection that has deleted interfaces many times while the tables were small, those queries' cached plans read
 * whole tables; the teardown of a large VNET must not read every reference once per interface.
 */
@QuarkusTest
@ServiceTest
class IfnetRepositoryTest {

    private static final String SCHEMA = "ifnet_plan_cache";
    private static final int BIG = 2_000;
    private static final int REFS_PER_INTERFACE = 10;

    @Inject
    IfnetRepository interfaces;

    @Test
    void aLargeTeardownReadsNoTableOncePerInterface() {
        long referencesRead;
        // one transaction, so one connection, rolled back: the tables and the plans are this test's alone
        QuarkusTransaction.begin();
        try {
            sql("create schema " + SCHEMA,
                    "set local search_path to " + SCHEMA,
                    "create table ifnet (if_index integer primary key)",
                    "create table ifaddr (id bigserial primary key, if_index integer not null"
                            + " references ifnet on delete cascade)",
                    "create index ifaddr_if on ifaddr (if_index)",
                    "create table ifnet_ref (id bigserial primary key, if_index integer not null"
                            + " references ifnet on delete cascade)",
                    "create index ifnet_ref_if on ifnet_ref (if_index)",
                    "insert into ifnet select g from generate_series(1, 30) g",
                    "insert into ifaddr (if_index) select g from generate_series(1, 30) g",
                    "insert into ifnet_ref (if_index) select g from generate_series(1, 30) g",
                    "analyze ifnet", "analyze ifaddr", "analyze ifnet_ref");
            // many standard jails' teardowns, three interfaces each, on small tables
            for (int first = 1; first <= 30; first += 3) {
                interfaces.deleteAll(List.of(first, first + 1, first + 2));
            }
            // one VNET with many interfaces, each referenced, none analyzed since
            sql("insert into ifnet select g from generate_series(1001, 1000 + " + BIG + ") g",
                    "insert into ifaddr (if_index) select g from generate_series(1001, 1000 + " + BIG + ") g",
                    "insert into ifnet_ref (if_index) select 1001 + g % " + BIG + " from generate_series(1, "
                            + BIG * REFS_PER_INTERFACE + ") g");
            long before = rowsScanned("ifnet_ref");

            interfaces.deleteAll(IntStream.rangeClosed(1001, 1000 + BIG).boxed().toList());

            referencesRead = rowsScanned("ifnet_ref") - before;
            assertThat(count("ifnet")).isZero();
            assertThat(count("ifnet_ref")).isZero();
        } finally {
            QuarkusTransaction.rollback();
        }
        // a cascade planned for the small table reads all 20,000 references for each of the 2,000 interfaces
        assertThat(referencesRead).isLessThan(BIG * REFS_PER_INTERFACE);
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

    private long rowsScanned(String table) {
        return query("select coalesce(seq_tup_read, 0) from pg_stat_xact_user_tables where schemaname = '" + SCHEMA
                + "' and relname = '" + table + "'");
    }

    private long count(String table) {
        return query("select count(*) from " + table);
    }

    private long query(String query) {
        return interfaces.getEntityManager().unwrap(Session.class).doReturningWork(connection -> {
            try (Statement sql = connection.createStatement(); ResultSet row = sql.executeQuery(query)) {
                row.next();
                return row.getLong(1);
            }
        });
    }
}

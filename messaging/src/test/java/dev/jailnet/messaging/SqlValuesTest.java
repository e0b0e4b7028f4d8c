package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One number from one statement, on the transaction's own connection. */
@QuarkusTest
@ServiceTest
class SqlValuesTest {

    private static final String ADVISORY_LOCKS_HELD = "select count(*) from pg_locks where locktype = 'advisory'"
            + " and pid = pg_backend_pid()";

    @Inject
    SqlValues values;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void aSequenceGivesItsNextValueEachTime() throws Exception {
        String sequence = "sql_values_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = dataSource.getConnection(); Statement create = connection.createStatement()) {
            create.execute("create sequence " + sequence + " start with 40");
        }

        assertThat(QuarkusTransaction.requiringNew().call(() -> values.nextval(sequence))).isEqualTo(40);
        assertThat(QuarkusTransaction.requiringNew().call(() -> values.nextval(sequence))).isEqualTo(41);
        assertThat(QuarkusTransaction.requiringNew().call(() -> values.number("select ? + 1", 41L))).isEqualTo(42);
    }

    @Test
    void aLockTakenIsHeldByTheTransactionUntilItEnds() {
        QuarkusTransaction.requiringNew().run(() -> {
            values.number("select count(*) from (select pg_advisory_xact_lock(hashtext(?))) as locked",
                    "sql-values-test");
            assertThat(values.number(ADVISORY_LOCKS_HELD)).as("held on the transaction's connection").isOne();
        });
        assertThat(QuarkusTransaction.requiringNew().call(() -> values.number(ADVISORY_LOCKS_HELD)))
                .as("released at its end").isZero();
    }

    @Test
    void aStatementThatReturnsNoRowIsAnErrorThatNamesIt() {
        assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> values.number("select 1 where false")))
                .hasStackTraceContaining("no row from select 1 where false");
    }
}

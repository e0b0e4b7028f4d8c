package dev.jailnet.problem;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.RollbackException;
import java.net.ConnectException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class FailureTest {

    @Test
    void aDatabaseThatCannotBeReachedIsAnOutageWhereverTheCauseIs() {
        assertThat(Failure.of(new SQLException("Connection refused", "08001"))).isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.of(new IllegalStateException("cannot write", new PersistenceException(
                new SQLException("terminating connection due to administrator command", "57P01")))))
                .isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.of(new RuntimeException(new ConnectException("refused")))).isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.of(new SQLException("Sorry, acquisition timeout!"))).isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.of(new RuntimeException("Unable to acquire JDBC Connection", new SQLException(
                "Acquisition timeout while waiting for new connection")))).as("as Agroal says it")
                .isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.of(new SQLException("too many clients already", "53300"))).isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void aCommitThatMetTheDatabaseShuttingDownIsAnOutageThoughItsCauseIsOnlySuppressed() {
        RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new SQLException("terminating connection due to administrator command", "57P01"));

        assertThat(Failure.of(new IllegalStateException("the transaction failed", commit))).isEqualTo(Failure.UNAVAILABLE);
    }

    @Test
    void aTransactionTheReaperRolledBackWhileTheDatabaseDidNotAnswerIsAnOutage() {
        RuntimeException request = new RuntimeException("Error invoking subclass method", new RollbackException(
                "ARJUNA016102: The transaction is not active! Uid is 0:ffff7f000001:9c9b:6b1481c2:60"));

        assertThat(Failure.of(request)).isEqualTo(Failure.UNAVAILABLE);
        RuntimeException closed = new RuntimeException(new SQLException("This statement has been closed.", "55000"));
        assertThat(Failure.of(new TransactionTimedOut(closed))).as("what a consumer met in a transaction past its timeout")
                .isEqualTo(Failure.UNAVAILABLE);
        assertThat(Failure.of(closed)).as("the same within the timeout is not").isEqualTo(Failure.OTHER);
        assertThat(Failure.of(new RollbackException("ARJUNA016053: Could not commit transaction.")))
                .as("a commit refused for another reason is not").isEqualTo(Failure.OTHER);
    }

    @Test
    void twoTransactionsThatMetAreAConflict() {
        assertThat(Failure.of(new SQLException("deadlock detected", "40P01"))).isEqualTo(Failure.CONFLICT);
        assertThat(Failure.of(new SQLException("could not serialize access", "40001"))).isEqualTo(Failure.CONFLICT);
        assertThat(Failure.of(new RuntimeException(new OptimisticLockException("row was updated"))))
                .isEqualTo(Failure.CONFLICT);
        assertThat(Failure.CONFLICT.isTransient()).isTrue();
    }

    @Test
    void anythingElseIsNoneOfThose() {
        assertThat(Failure.of(new SQLException("duplicate key value violates unique constraint", "23505")))
                .isEqualTo(Failure.OTHER);
        assertThat(Failure.of(new NullPointerException())).isEqualTo(Failure.OTHER);
        assertThat(Failure.OTHER.isTransient()).isFalse();
    }
}

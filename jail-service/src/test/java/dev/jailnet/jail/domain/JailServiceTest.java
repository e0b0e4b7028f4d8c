package dev.jailnet.jail.domain;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class JailServiceTest {

    @Test
    void aJailInsertedAtTheSameMomentUnderTheSameNameIsATakenName() {
        assertThat(JailService.nameTaken(new PersistenceException(new SQLException(
                "duplicate key value violates unique constraint \"prison_live_name\"", "23505")))).isTrue();
    }

    @Test
    void theDatabaseStoppingUnderTheInsertIsNoTakenName() {
        assertThat(JailService.nameTaken(new PersistenceException(new SQLException(
                "FATAL: terminating connection due to administrator command", "57P01")))).isFalse();
    }
}

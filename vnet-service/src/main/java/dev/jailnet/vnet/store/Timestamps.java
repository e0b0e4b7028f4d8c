package dev.jailnet.vnet.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Instants to and from {@code timestamp with time zone} columns, for the repositories' plain JDBC. */
final class Timestamps {

    private Timestamps() {
    }

    static Instant read(ResultSet row, int column) throws SQLException {
        OffsetDateTime at = row.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    static OffsetDateTime of(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}

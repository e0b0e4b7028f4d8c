package dev.jailnet.localstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Least privilege in the database: one login role per service, owner of its schema alone. Run by a role
 * that may create roles ({@code jailnet up}'s superuser, compose's database owner).
 */
public final class DatabaseRoles {

    private DatabaseRoles() {
    }

    /**
     * A login role for one service in {@code database} (its password set again if it exists): it may create
     * its {@code schema} (its migrations do) and owns it, with everything in it; no other role reads it but
     * {@code owner}, the database's owner, who is made a member (the benchmark and the chaos audit read every
     * schema). A schema made before its role was (by an earlier version, as the owner) is handed over, with its
     * tables, sequences and views.
     */
    public static void forService(Connection connection, String database, String owner, String role, String password,
                                  String schema) {
        try (Statement sql = connection.createStatement()) {
            String verb = exists(connection, "select 1 from pg_roles where rolname = ?", role) ? "alter" : "create";
            sql.execute(verb + " role " + identifier(role) + " login password '" + password.replace("'", "''") + "'");
            sql.execute("grant connect, create on database " + identifier(database) + " to " + identifier(role));
            sql.execute("grant " + identifier(role) + " to " + identifier(owner));
            if (exists(connection, "select 1 from pg_namespace where nspname = ?", schema)) {
                sql.execute("alter schema " + identifier(schema) + " owner to " + identifier(role));
                // tables and views first: a sequence that belongs to a column (identity, serial) moves with
                // its table and cannot be moved alone; what is left are sequences of their own
                sql.execute(handOver(schema, role, "'r', 'p', 'v'"));
                sql.execute(handOver(schema, role, "'S'"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot make the database role " + role + ": " + e.getMessage(), e);
        }
    }

    private static String handOver(String schema, String role, String kinds) {
        return """
                do $$ declare r record; begin
                  for r in select c.relname, c.relkind from pg_class c
                           join pg_namespace n on n.oid = c.relnamespace
                           where n.nspname = '%1$s' and c.relkind in (%3$s)
                             and pg_get_userbyid(c.relowner) <> '%2$s' loop
                    execute format('alter %%s %1$s.%%I owner to %2$s',
                                   case r.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end,
                                   r.relname);
                  end loop;
                end $$""".formatted(identifier(schema), identifier(role), kinds);
    }

    static boolean exists(Connection connection, String query, String name) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(query)) {
            exists.setString(1, name);
            try (ResultSet result = exists.executeQuery()) {
                return result.next();
            }
        }
    }

    static String identifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("not a plain SQL identifier: " + name);
        }
        return name;
    }
}

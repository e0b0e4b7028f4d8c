package dev.jailnet.messaging;

import dev.jailnet.events.audit.AuditLedger.Action;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The changes operators make through the API, with who made them, recorded in the caller's transaction (the
 * record and the change commit together or not at all); the audit ledger shows them.
 */
@ApplicationScoped
public class OperatorActions {

    /** The audit shows this many, the latest. */
    static final int SHOWN = 1_000;

    private final AgroalDataSource dataSource;
    private final Actors actors;

    public OperatorActions(AgroalDataSource dataSource, Actors actors) {
        this.dataSource = dataSource;
        this.actors = actors;
    }

    /** {@code action} (the kernel's or the command's name) on {@code object}, by the caller being served. */
    public void record(String action, String object) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into operator_action (actor, action, object) values (?, ?, ?)")) {
            insert.setString(1, actors.current().orElse(null));
            insert.setString(2, action);
            insert.setString(3, object);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record " + action + " of " + object, e);
        }
    }

    /** The latest {@link #SHOWN} actions, oldest first. */
    public List<Action> latest() {
        List<Action> actions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select at, actor, action, object from operator_action order by id desc limit " + SHOWN);
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                actions.add(new Action(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getString(3),
                        rows.getString(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the operators' actions", e);
        }
        Collections.reverse(actions);
        return actions;
    }
}

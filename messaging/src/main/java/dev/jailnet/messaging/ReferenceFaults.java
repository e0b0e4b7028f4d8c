package dev.jailnet.messaging;

import dev.jailnet.events.Topics;
import dev.jailnet.events.fault.ReferenceFault;
import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records a reference fault, in the caller's transaction: a row for the audit, an event on the faults
 * topic, a metric and a warning. The service carries on.
 */
@ApplicationScoped
public class ReferenceFaults {

    private static final Logger LOG = Logger.getLogger(ReferenceFaults.class);

    private final AgroalDataSource dataSource;
    private final Outbox outbox;
    private final MessagingConfig config;
    private final MeterRegistry meters;

    public ReferenceFaults(AgroalDataSource dataSource, Outbox outbox, MessagingConfig config, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.config = config;
        this.meters = meters;
    }

    public void record(String vnetId, String description) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "insert into reference_fault (vnet_id, description) values (?, ?)")) {
            insert.setString(1, vnetId);
            insert.setString(2, description);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a reference fault", e);
        }
        outbox.send(Topics.FAULTS, new ReferenceFault(vnetId, config.service(), description));
        meters.counter("jailnet.reference.faults", "service", config.service()).increment();
        LOG.warnf("reference fault in %s: %s", vnetId, description);
    }

    /** The VNETs with a fault recorded, in id order after {@code after} (null: from the first), at most {@code limit}. */
    public List<String> vnets(String after, int limit) {
        List<String> vnets = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("""
                     select distinct vnet_id collate "C" from reference_fault
                     where ?::text is null or vnet_id collate "C" > ? order by 1 limit ?""")) {
            select.setString(1, after);
            select.setString(2, after);
            select.setInt(3, limit);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    vnets.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the reference faults", e);
        }
        return vnets;
    }

    /** The faults recorded in {@code vnets}, oldest first, as "vnetId: description". */
    public List<String> in(Collection<String> vnets) {
        List<String> faults = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "select vnet_id, description from reference_fault where vnet_id = any(?) order by id")) {
            select.setArray(1, connection.createArrayOf("text", vnets.toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    faults.add(rows.getString(1) + ": " + rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the reference faults", e);
        }
        return faults;
    }
}

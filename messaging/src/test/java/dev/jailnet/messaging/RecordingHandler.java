package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handler: writes one effect row per applied message. A negative jid can never be applied
 * (poison); jid 0 fails always (exhausts retries); jid 1000+n fails n times before it works.
 */
@ApplicationScoped
public class RecordingHandler implements MessageHandler {

    private final ConcurrentHashMap<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AgroalDataSource dataSource;

    public RecordingHandler(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    int attempts(int jid) {
        return attempts.getOrDefault(jid, new AtomicInteger()).get();
    }

    @Override
    public String name() {
        return "recorder";
    }

    @Override
    public Set<String> topics() {
        return Set.of(Topics.VNET_EVENTS);
    }

    @Override
    public void handle(Envelope envelope) {
        VnetAlive alive = (VnetAlive) envelope.payload();
        int attempt = attempts.computeIfAbsent(alive.jid(), j -> new AtomicInteger()).incrementAndGet();
        if (alive.jid() < 0) {
            throw new PoisonMessageException("jid " + alive.jid() + " can never exist");
        }
        if (alive.jid() == 0 || (alive.jid() > 1000 && attempt <= alive.jid() - 1000)) {
            throw new IllegalStateException("jid " + alive.jid() + " failed at attempt " + attempt);
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into effect values (?, ?)")) {
            insert.setObject(1, envelope.id());
            insert.setInt(2, alive.jid());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

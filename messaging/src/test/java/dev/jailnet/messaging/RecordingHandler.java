package dev.jailnet.messaging;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Topics;
import dev.jailnet.events.vnet.VnetAlive;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test handler: writes one effect row per applied message. A negative jid can never be applied
 * (poison); jid 0 fails while {@link #blocked} (a bug that is fixed later); jids 1 and 2 fail always and are
 * answered (an "answered" effect row, jid -1 or -2); jid 1000+n fails n times before it works.
 */
@ApplicationScoped
public class RecordingHandler implements MessageHandler {

    private final ConcurrentHashMap<Integer, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private volatile boolean blocked = true;
    private final ConcurrentHashMap<Integer, Object> transactions = new ConcurrentHashMap<>();
    /** Per VNET, the jids whose effect committed, in the order they committed; with the thread that applied each. */
    private final ConcurrentHashMap<String, ConcurrentLinkedQueue<Integer>> committed = new ConcurrentHashMap<>();
    private final Set<String> committingThreads = ConcurrentHashMap.newKeySet();
    private final AgroalDataSource dataSource;
    private final TransactionSynchronizationRegistry registry;

    public RecordingHandler(AgroalDataSource dataSource, TransactionSynchronizationRegistry registry) {
        this.dataSource = dataSource;
        this.registry = registry;
    }

    /** The transaction that applied the message for {@code jid}. */
    Object transaction(int jid) {
        return transactions.get(jid);
    }

    /** How many effects the messages for {@code jid} had; -1 while the database cannot be asked. */
    int effects(int jid) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement count = connection.prepareStatement("select count(*) from effect where jid = ?")) {
            count.setInt(1, jid);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            return -1;
        }
    }

    /** The jids of {@code vnetId}'s messages whose effects committed, in the order they committed. */
    List<Integer> committedInOrder(String vnetId) {
        return List.copyOf(committed.getOrDefault(vnetId, new ConcurrentLinkedQueue<>()));
    }

    /** The threads that committed an effect. */
    Set<String> committingThreads() {
        return Set.copyOf(committingThreads);
    }

    void unblock() {
        blocked = false;
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
        if (!(envelope.payload() instanceof VnetAlive alive)) {
            return;
        }
        int attempt = attempts.computeIfAbsent(alive.jid(), j -> new AtomicInteger()).incrementAndGet();
        if (alive.jid() < 0) {
            throw new PoisonMessageException("jid " + alive.jid() + " can never exist");
        }
        if ((alive.jid() == 0 && blocked) || alive.jid() == 1 || alive.jid() == 2 || (alive.jid() > 1000 && attempt <= alive.jid() - 1000)) {
            throw new IllegalStateException("jid " + alive.jid() + " failed at attempt " + attempt);
        }
        effect(envelope, alive.jid());
        transactions.put(alive.jid(), registry.getTransactionKey());
        appliedInThisTransaction().add(alive);
    }

    /**
     * The messages this transaction applied, in order; recorded as committed when it commits (one synchronization
     * per transaction: several run their afterCompletion in the reverse order of their registration).
     */
    @SuppressWarnings("unchecked")
    private List<VnetAlive> appliedInThisTransaction() {
        List<VnetAlive> applied = (List<VnetAlive>) registry.getResource(RecordingHandler.class);
        if (applied == null) {
            List<VnetAlive> inOrder = new ArrayList<>();
            String thread = Thread.currentThread().getName();
            registry.putResource(RecordingHandler.class, inOrder);
            AfterCommit.run(registry, () -> {
                inOrder.forEach(alive -> committed.computeIfAbsent(alive.vnetId(), v -> new ConcurrentLinkedQueue<>())
                        .add(alive.jid()));
                committingThreads.add(thread);
            });
            applied = inOrder;
        }
        return applied;
    }

    @Override
    public boolean answerFailure(Envelope envelope, Throwable cause) {
        VnetAlive alive = (VnetAlive) envelope.payload();
        if (alive.jid() != 1 && alive.jid() != 2) {
            return false;
        }
        effect(envelope, -alive.jid());
        return true;
    }

    private void effect(Envelope envelope, int jid) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("insert into effect values (?, ?)")) {
            insert.setObject(1, envelope.id());
            insert.setInt(2, jid);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}

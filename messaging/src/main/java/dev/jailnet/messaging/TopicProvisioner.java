package dev.jailnet.messaging;

import dev.jailnet.events.BusAccess;
import dev.jailnet.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

/**
 * Creates the system's topics at start-up; a topic that exists already is left as it is. On a broker with
 * ACLs a service may create only the topics it writes ({@link BusAccess}): the others are the broker
 * administrator's to make, and a refusal to create one of those is not an error.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaClients clients;
    private final MessagingConfig config;

    public TopicProvisioner(KafkaClients clients, MessagingConfig config) {
        this.clients = clients;
        this.config = config;
    }

    /**
     * A producer that writes to a partition before it has a leader gets NOT_LEADER_OR_FOLLOWER, and an
     * idempotent one can then fail with OUT_OF_ORDER_SEQUENCE_NUMBER: start only once every partition leads.
     * A topic that another service (or the administrator) has still to make is waited for too.
     */
    private static void awaitLeaders(Admin admin, List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            boolean led;
            try {
                led = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                        .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                led = false;
            }
            if (led) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("partitions of " + topics + " have no leader after 30 s");
            }
            Thread.sleep(50);
        }
    }

    public void provision() {
        List<NewTopic> wanted = Topics.ALL.stream()
                .map(spec -> new NewTopic(spec.name(), config.topics().partitions(),
                        config.topics().replicationFactor())
                        .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retentionMs()))))
                .toList();
        try (Admin admin = clients.admin()) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            Optional<BusAccess> used = BusAccess.of(config.service());
            Set<String> own = used.map(BusAccess::writes).orElse(Set.of());
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", entry.getKey());
                } catch (ExecutionException e) {
                    boolean notOurs = e.getCause() instanceof TopicAuthorizationException && !own.contains(entry.getKey());
                    if (!(e.getCause() instanceof TopicExistsException) && !notOurs) {
                        throw e;
                    }
                }
            }
            awaitLeaders(admin, used.map(a -> Stream.concat(a.writes().stream(), a.reads().stream())
                    .sorted().toList()).orElse(wanted.stream().map(NewTopic::name).toList()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getMessage(), e);
        }
    }
}

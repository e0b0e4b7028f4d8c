package dev.jailnet.messaging;

import dev.jailnet.events.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/** Creates the system's topics at start-up; a topic that exists already is left as it is. */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private final KafkaClients clients;
    private final MessagingConfig config;

    public TopicProvisioner(KafkaClients clients, MessagingConfig config) {
        this.clients = clients;
        this.config = config;
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
            for (var entry : admin.createTopics(missing).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                    LOG.infof("created topic %s", entry.getKey());
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while provisioning topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot provision topics: " + e.getMessage(), e);
        }
    }
}

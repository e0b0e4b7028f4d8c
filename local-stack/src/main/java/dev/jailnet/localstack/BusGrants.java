package dev.jailnet.localstack;

import dev.jailnet.events.BusAccess;
import dev.jailnet.events.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What a broker must know before the services connect, made by its administrator: each service's (and the
 * console's) SCRAM login, the ACLs of {@link BusAccess} (writes to the topics it owns, reads of those it
 * consumes, its own consumer groups) and every topic of the system, so that a consumer never subscribes to one
 * that is not there yet. Safe to apply at every start: a password is set again, an ACL or a topic that exists stays.
 * {@code jailnet up}'s broker applies it itself; compose's {@code bus-logins} job and the container tests
 * apply it to a broker in a container.
 */
public final class BusGrants {

    private static final int SCRAM_ITERATIONS = 8192;

    private BusGrants() {
    }

    /** Applies the grants through {@code admin}, a client logged in as the administrator. */
    public static void apply(Admin admin, BusUsers users) {
        try {
            List<UserScramCredentialAlteration> logins = new ArrayList<>();
            users.servicePasswords().forEach((principal, password) -> logins.add(new UserScramCredentialUpsertion(
                    principal, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password)));
            if (!logins.isEmpty()) {
                admin.alterUserScramCredentials(logins).all().get(30, TimeUnit.SECONDS);
            }
            admin.createAcls(acls()).all().get(30, TimeUnit.SECONDS);
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.ALL.stream().filter(spec -> !existing.contains(spec.name()))
                    .map(spec -> new NewTopic(spec.name(), Optional.empty(), Optional.empty()).configs(
                            Map.of(TopicConfig.RETENTION_MS_CONFIG, Long.toString(spec.retentionMs()))))
                    .toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while granting access to Kafka", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot set Kafka's logins, ACLs and topics up: " + e.getMessage(), e);
        }
    }

    /** Waits until the broker answers {@code admin}'s metadata request (a login accepted, not merely an open port). */
    public static void awaitAnswer(Admin admin, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Kafka did not answer within " + timeout + ": "
                                + e.getMessage(), e);
                    }
                    Thread.sleep(200);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    static List<AclBinding> acls() {
        List<AclBinding> acls = new ArrayList<>();
        for (BusAccess access : BusAccess.PRINCIPALS) {
            String user = "User:" + access.principal();
            for (String topic : access.writes()) {
                for (AclOperation operation : List.of(AclOperation.WRITE, AclOperation.DESCRIBE, AclOperation.CREATE)) {
                    acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, operation));
                }
            }
            for (String topic : access.reads()) {
                for (AclOperation operation : List.of(AclOperation.READ, AclOperation.DESCRIBE)) {
                    acls.add(allow(user, ResourceType.TOPIC, topic, PatternType.LITERAL, operation));
                }
            }
            // a service's consumer groups are named <service>.<handler>; the console has one group, named alone
            acls.add(access.equals(BusAccess.CONSOLE)
                    ? allow(user, ResourceType.GROUP, BusAccess.CONSOLE_GROUP, PatternType.LITERAL, AclOperation.READ)
                    : allow(user, ResourceType.GROUP, access.principal() + ".", PatternType.PREFIXED, AclOperation.READ));
        }
        return acls;
    }

    private static AclBinding allow(String principal, ResourceType type, String name, PatternType pattern,
                                    AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }
}

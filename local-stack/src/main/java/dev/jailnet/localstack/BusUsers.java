package dev.jailnet.localstack;

import dev.jailnet.events.BusAccess;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may log in to a broker, with which password: the administrator, each service (its principal is its
 * name, see {@link BusAccess}), and any other super users a test needs.
 *
 * @param superUsers principals besides the administrator that every ACL lets through
 */
public record BusUsers(String adminPassword, Map<String, String> servicePasswords, Set<String> superUsers) {

    public BusUsers {
        servicePasswords = Map.copyOf(servicePasswords);
        superUsers = Set.copyOf(superUsers);
    }

    /** The administrator's and every service's password, kept in {@code secrets} ({@code kafka-<principal>}). */
    public static BusUsers from(Secrets secrets) {
        Map<String, String> services = new LinkedHashMap<>();
        BusAccess.SERVICES.forEach(a -> services.put(a.principal(), secrets.password("kafka-" + a.principal())));
        return new BusUsers(secrets.password("kafka-" + BusAccess.ADMIN), services, Set.of());
    }

    /** The client settings of a login as {@code user} with {@code password} (SCRAM-SHA-512 over SASL_PLAINTEXT). */
    public static Map<String, Object> login(String user, String password) {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", EmbeddedKafkaBroker.MECHANISM,
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + user + "\" password=\"" + password + "\";");
    }

    public Map<String, Object> adminLogin() {
        return login(BusAccess.ADMIN, adminPassword);
    }
}

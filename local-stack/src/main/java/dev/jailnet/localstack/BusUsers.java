package dev.jailnet.localstack;

import dev.jailnet.events.BusAccess;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Who may log in to a broker, with which password: the administrator, each service (its principal is its
 * name, see {@link BusAccess}) and the console, and any other super users a test needs.
 *
 * @param superUsers principals besides the administrator that every ACL lets through
 */
public record BusUsers(String adminPassword, Map<String, String> servicePasswords, Set<String> superUsers) {

    public BusUsers {
        servicePasswords = Map.copyOf(servicePasswords);
        superUsers = Set.copyOf(superUsers);
    }

    /** The administrator's and every other principal's password, kept in {@code secrets} ({@code kafka-<principal>}). */
    public static BusUsers from(Secrets secrets) {
        Map<String, String> services = new LinkedHashMap<>();
        BusAccess.PRINCIPALS.forEach(a -> services.put(a.principal(), secrets.password("kafka-" + a.principal())));
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

    /** The administrator's login to a broker in a container: PLAIN, see {@link #containerBrokerJaas()}. */
    public Map<String, Object> containerAdminLogin() {
        return Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", plainModule("username=\"" + BusAccess.ADMIN + "\" password=\"" + adminPassword
                        + "\""));
    }

    /**
     * The JAAS file of a broker in a container (compose's, the container tests'), whose settings come from an
     * environment that must hold no password. Its image formats the storage without SCRAM logins, so the
     * administrator is declared here and logs in with PLAIN on every listener; the services log in with
     * SCRAM-SHA-512 on the client listeners INTERNAL and EXTERNAL once the administrator has made their logins
     * ({@link BusGrants}); the broker reaches its own controller (listener CONTROLLER) as the administrator.
     */
    public String containerBrokerJaas() {
        String administrator = plainModule("username=\"" + BusAccess.ADMIN + "\" password=\"" + adminPassword
                + "\" user_" + BusAccess.ADMIN + "=\"" + adminPassword + "\"");
        String clients = "{\n    " + administrator + "\n    org.apache.kafka.common.security.scram.ScramLoginModule "
                + "required;\n};\n";
        return "internal.KafkaServer " + clients + "external.KafkaServer " + clients
                + "controller.KafkaServer {\n    " + administrator + "\n};\n";
    }

    private static String plainModule(String options) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required " + options + ";";
    }

    /** A login as lines of a properties file, each key after {@code prefix}. */
    public static String asProperties(Map<String, Object> login, String prefix) {
        StringBuilder lines = new StringBuilder();
        login.forEach((key, value) -> lines.append(prefix).append(key).append('=')
                .append(value.toString().replace("\\", "\\\\")).append('\n'));
        return lines.toString();
    }
}

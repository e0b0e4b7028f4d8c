package dev.jailnet.localstack;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The logins of this JVM's tools (topic watchers, probes, the benchmark) per broker address, as a client's
 * {@code .pgpass} keeps one per database server: a broker started here registers its administrator's, a tool
 * that connects to one elsewhere registers the one it read. A client of an address with no login connects
 * without one (a plain broker, such as compose's).
 */
public final class KafkaLogins {

    private static final Map<String, Map<String, Object>> BY_ADDRESS = new ConcurrentHashMap<>();

    private KafkaLogins() {
    }

    public static void register(String bootstrapServers, Map<String, Object> login) {
        BY_ADDRESS.put(key(bootstrapServers), Map.copyOf(login));
    }

    /** Everything a client of {@code bootstrapServers} needs: the address and, where known, the login. */
    public static Map<String, Object> clientProperties(String bootstrapServers) {
        Map<String, Object> properties = new HashMap<>(BY_ADDRESS.getOrDefault(key(bootstrapServers), Map.of()));
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }

    /** The same, with a client's own {@code settings}. */
    public static Map<String, Object> clientProperties(String bootstrapServers, Map<String, Object> settings) {
        Map<String, Object> properties = clientProperties(bootstrapServers);
        properties.putAll(settings);
        return properties;
    }

    /** localhost and 127.0.0.1 are one address. */
    private static String key(String bootstrapServers) {
        return bootstrapServers.replace("localhost:", "127.0.0.1:");
    }
}

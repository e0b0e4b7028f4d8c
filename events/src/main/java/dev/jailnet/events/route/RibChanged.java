package dev.jailnet.events.route;

import dev.jailnet.events.Message;
import java.util.List;

/**
 * A route changed in a RIB that has subscribers: the notification {@code rib_subscribe} promised, for the
 * subscribers (tunnels, by interface index) to revalidate their caches.
 */
public record RibChanged(String vnetId, int fib, String family, String destination, String change,
                         List<Integer> subscribers) implements Message {

    public RibChanged {
        subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
    }
}

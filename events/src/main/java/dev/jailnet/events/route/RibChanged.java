package dev.jailnet.events.route;

import dev.jailnet.events.Message;
import dev.jailnet.events.net.IpFamily;
import java.util.List;

/**
 * A route changed in a RIB that has subscribers: the notification {@code rib_subscribe} promised, for the
 * subscribers (tunnels, by interface index) to revalidate their caches.
 */
public record RibChanged(String vnetId, int fib, IpFamily family, String destination, Change change,
                         List<Integer> subscribers) implements Message {

    /** What happened to the RIB: a route added or deleted ({@code RTM_ADD}, {@code RTM_DELETE}), or routes flushed. */
    public enum Change {
        ADD, DELETE, FLUSH
    }

    public RibChanged {
        subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
    }
}

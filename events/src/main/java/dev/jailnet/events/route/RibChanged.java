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

    /**
     * What happened to the RIB: a route added, deleted or sent another way ({@code RTM_ADD}, {@code RTM_DELETE},
     * {@code RTM_CHANGE}), or routes flushed.
     */
    public enum Change {
        ADD, DELETE, CHANGE, FLUSH
    }

    public RibChanged {
        subscribers = subscribers == null ? List.of() : List.copyOf(subscribers);
    }
}

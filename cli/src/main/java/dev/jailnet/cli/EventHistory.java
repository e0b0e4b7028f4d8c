package dev.jailnet.cli;

import dev.jailnet.events.Envelope;
import dev.jailnet.events.Message;
import dev.jailnet.events.jail.JailAlive;
import dev.jailnet.events.jail.JailCreated;
import dev.jailnet.events.jail.JailDying;
import dev.jailnet.events.jail.JailFreed;
import dev.jailnet.events.vnet.VnetAlive;
import dev.jailnet.events.vnet.VnetDestroyed;
import dev.jailnet.events.vnet.VnetShutdownCompleted;
import dev.jailnet.events.vnet.VnetShutdownStarted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the jail and VNET event topics carried during a run, in the order a watcher saw it, checked for what
 * must never happen. Delivery is at least once: a record published again with the same envelope id (the relay
 * crashed between Kafka's acknowledgement and deleting its row) is counted, not a fault. Two different
 * envelopes for an effect that happens once per VNET (two {@code VnetDestroyed}, a jail freed twice, a
 * shutdown completed twice) are duplicate effects; and per key, each topic's events come in their lifecycle's
 * order.
 */
public final class EventHistory {

    /** The lifecycle of one VNET jail on each topic, in order: each effect happens once per VNET. */
    private static final List<List<Class<? extends Message>>> LIFECYCLES = List.of(
            List.of(JailCreated.class, JailAlive.class, JailDying.class, JailFreed.class),
            List.of(VnetAlive.class, VnetShutdownStarted.class, VnetShutdownCompleted.class, VnetDestroyed.class));

    /**
     * @param messages   distinct envelopes seen
     * @param redelivered envelopes seen again with an id already seen
     * @param duplicates  effects that happened more than once, described
     * @param outOfOrder  keys whose events came out of their lifecycle's order, described
     */
    public record Findings(int messages, int redelivered, List<String> duplicates, List<String> outOfOrder) {
    }

    /** One key's events on one topic, which that topic's lifecycle orders. */
    private record KeyOnTopic(List<Class<? extends Message>> lifecycle, String key) {
    }

    private EventHistory() {
    }

    public static Findings check(List<Envelope> seen) {
        Set<Object> ids = new HashSet<>();
        List<Envelope> distinct = new ArrayList<>();
        for (Envelope envelope : seen) {
            if (ids.add(envelope.id())) {
                distinct.add(envelope);
            }
        }
        Map<String, List<Envelope>> byEffect = new LinkedHashMap<>();
        Map<KeyOnTopic, List<Class<?>>> orderByKey = new HashMap<>();
        for (Envelope envelope : distinct) {
            for (List<Class<? extends Message>> lifecycle : LIFECYCLES) {
                if (lifecycle.contains(envelope.payload().getClass())) {
                    byEffect.computeIfAbsent(envelope.type() + " for " + envelope.key(), k -> new ArrayList<>())
                            .add(envelope);
                    orderByKey.computeIfAbsent(new KeyOnTopic(lifecycle, envelope.key()), k -> new ArrayList<>())
                            .add(envelope.payload().getClass());
                }
            }
        }
        List<String> duplicates = new ArrayList<>();
        byEffect.forEach((effect, envelopes) -> {
            if (envelopes.size() > 1) {
                duplicates.add(effect + ": " + envelopes.size() + " times (envelopes "
                        + envelopes.stream().map(e -> e.id().toString()).toList() + ")");
            }
        });
        List<String> outOfOrder = new ArrayList<>();
        orderByKey.forEach((stream, types) -> {
            for (int i = 1; i < types.size(); i++) {
                if (stream.lifecycle().indexOf(types.get(i)) < stream.lifecycle().indexOf(types.get(i - 1))) {
                    outOfOrder.add(stream.key() + ": " + types.stream().map(Class::getSimpleName).toList());
                    break;
                }
            }
        });
        return new Findings(distinct.size(), seen.size() - distinct.size(), duplicates, outOfOrder);
    }
}

package dev.jailnet.events.vnet;

import dev.jailnet.events.Message;
import java.util.List;
import java.util.Map;

/**
 * {@code vnet_shutdown} finished: nothing refers across the routing/interface cycle any more. The summary
 * gives, per step, what was released and how long it took.
 */
public record VnetShutdownCompleted(String vnetId, Integer jid, String sagaId, long durationMs,
                                    List<StepSummary> steps) implements Message {

    public VnetShutdownCompleted {
        steps = steps == null ? List.of() : List.copyOf(steps);
    }

    public record StepSummary(String step, int attempts, long durationMs, Map<String, Integer> released) {
    }
}

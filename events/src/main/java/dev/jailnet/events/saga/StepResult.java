package dev.jailnet.events.saga;

import java.util.List;
import java.util.Map;

/** What a step did: counts by kind, and the references it released (for the next step to apply). */
public record StepResult(Map<String, Integer> released, List<ReleasedReferences> releases) {

    public StepResult {
        released = Map.copyOf(released);
        releases = List.copyOf(releases);
    }

    public static StepResult of(Map<String, Integer> released) {
        return new StepResult(released, List.of());
    }
}

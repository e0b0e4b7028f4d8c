package dev.jailnet.jail.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.jail.domain.JailHold;
import dev.jailnet.jail.domain.JailProcess;
import dev.jailnet.jail.domain.Prison;
import dev.jailnet.jail.domain.PrisonState;
import java.time.Instant;
import java.util.List;

/** A jail as {@code jls} would show it, with its reference counts and who holds them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JailView(int jid, String name, PrisonState state, boolean vnet, String vnetId, int userRefs,
                       int refs, boolean persist, Instant createdAt, Instant dyingAt, String reason,
                       String removedBy, List<Integer> processes, List<HoldView> holds) {

    static JailView of(Prison prison) {
        return new JailView(prison.jid(), prison.name(), prison.state(), prison.vnet(), prison.vnetId(),
                prison.userRefs(), prison.refs(), prison.persist(), prison.createdAt(), prison.dyingAt().orElse(null),
                prison.reason().orElse(null), prison.removedBy().orElse(null), prison.processes().stream().map(JailProcess::pid).toList(),
                prison.holds().stream().map(HoldView::of).toList());
    }

    public record HoldView(long id, String description, Instant createdAt) {
        static HoldView of(JailHold hold) {
            return new HoldView(hold.id(), hold.description(), hold.createdAt());
        }
    }

    public record ProcessView(int pid, Instant startedAt) {
        static ProcessView of(JailProcess process) {
            return new ProcessView(process.pid(), process.startedAt());
        }
    }
}

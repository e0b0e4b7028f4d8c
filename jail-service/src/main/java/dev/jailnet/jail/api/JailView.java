package dev.jailnet.jail.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.jail.domain.JailHold;
import dev.jailnet.jail.domain.JailProcess;
import dev.jailnet.jail.domain.Prison;
import dev.jailnet.jail.domain.PrisonState;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A jail as {@code jls} would show it, with its reference counts and who holds them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JailView(int jid, String name,
                       @Schema(description = "The jid of the jail it was created in; absent for a child of the host.")
                       Integer parent,
                       PrisonState state, boolean vnet,
                       @Schema(description = "Its own VNET, or the one it shares: its parent's (vnet0 for the host's).")
                       String vnetId, int userRefs, int refs, boolean persist,
                       @Schema(description = "`children.max`: how many descendants it may have.")
                       int childrenMax,
                       @Schema(description = "`children.cur`: its descendants at every depth, dying ones until freed.")
                       int childrenCur,
                       Instant createdAt, Instant dyingAt, String reason,
                       String removedBy, List<Integer> processes, List<HoldView> holds) {

    static JailView of(Prison prison) {
        return new JailView(prison.jid(), prison.name(), prison.parentJid().orElse(null), prison.state(),
                prison.vnet(), prison.vnetId(), prison.userRefs(), prison.refs(), prison.persist(),
                prison.childrenMax(), prison.childrenCur(), prison.createdAt(), prison.dyingAt().orElse(null),
                prison.reason().orElse(null), prison.removedBy().orElse(null),
                prison.processes().stream().map(JailProcess::pid).toList(),
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

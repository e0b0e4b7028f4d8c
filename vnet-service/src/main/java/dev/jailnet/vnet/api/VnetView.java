package dev.jailnet.vnet.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.jailnet.vnet.domain.Saga;
import dev.jailnet.vnet.domain.SagaStatus;
import dev.jailnet.vnet.domain.SagaType;
import dev.jailnet.vnet.domain.Vnet;
import dev.jailnet.vnet.domain.VnetState;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A VNET (struct vnet) and the sagas that made, and unmake, it.")
public record VnetView(
        String vnetId,
        @Schema(description = "The jail that owns it; absent for vnet0, the host's.")
        Integer jid,
        @Schema(description = "The VNET its jail was created in (the parent jail's; vnet0 for a child of the host):"
                + " its `vnet.interface`s came from there. Absent for vnet0.", example = "vnet0")
        String parentVnet,
        @Schema(description = "CREATING while vnet_alloc runs, ALIVE, SHUTTING_DOWN during vnet_shutdown, SHUT_DOWN"
                + " when nothing refers across the cycle any more, DESTROYED after vnet_destroy; FAILED when its"
                + " creation was undone.")
        VnetState state,
        Instant createdAt,
        @Schema(description = "When it became ALIVE; absent before, and for one whose creation failed.")
        Instant aliveAt,
        @Schema(description = "When its vnet_shutdown started; absent until one does (a legacy teardown runs"
                + " none).")
        Instant shutdownAt,
        @Schema(description = "When it was destroyed or its creation failed; absent before.")
        Instant endedAt,
        @Schema(description = "Why its creation failed; absent otherwise.")
        String reason,
        @Schema(description = "Its jail holds nothing any more (`pr_ref` is 0): vnet_destroy runs once it is also"
                + " SHUT_DOWN.")
        boolean jailRefsDrained,
        @Schema(enumeration = {"vnet_shutdown", "legacy"}, description = "How it goes: `vnet_shutdown`, or"
                + " `legacy`, the old one-pass vnet_destroy kept for comparison.")
        String teardown,
        @Schema(description = "Its sagas, oldest first; always empty in the list of VNETs"
                + " (`GET /api/vnets`).")
        List<SagaSummary> sagas) {

    static VnetView of(Vnet vnet, List<Saga> sagas) {
        return new VnetView(vnet.vnetId(), vnet.jid().orElse(null), vnet.parentVnetId().orElse(null), vnet.state(), vnet.createdAt(),
                vnet.aliveAt().orElse(null), vnet.shutdownAt().orElse(null), vnet.endedAt().orElse(null),
                vnet.reason().orElse(null), vnet.isRefsDrained(), vnet.isLegacy() ? "legacy" : "vnet_shutdown",
                sagas.stream().map(s -> new SagaSummary(s.id(), s.type(), s.status())).toList());
    }

    @Schema(description = "A saga of the VNET; its timeline is at `/api/sagas/{id}`.")
    public record SagaSummary(UUID id, SagaType type, SagaStatus status) {
    }
}

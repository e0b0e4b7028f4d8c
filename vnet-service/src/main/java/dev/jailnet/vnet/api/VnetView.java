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

@JsonInclude(JsonInclude.Include.NON_NULL)
public record VnetView(String vnetId, Integer jid, VnetState state, Instant createdAt, Instant aliveAt,
                       Instant shutdownAt, Instant endedAt, String reason, boolean jailRefsDrained,
                       String teardown, List<SagaSummary> sagas) {

    static VnetView of(Vnet vnet, List<Saga> sagas) {
        return new VnetView(vnet.vnetId(), vnet.jid().orElse(null), vnet.state(), vnet.createdAt(),
                vnet.aliveAt().orElse(null), vnet.shutdownAt().orElse(null), vnet.endedAt().orElse(null),
                vnet.reason().orElse(null), vnet.isRefsDrained(), vnet.isLegacy() ? "legacy" : "vnet_shutdown",
                sagas.stream().map(s -> new SagaSummary(s.id(), s.type(), s.status())).toList());
    }

    public record SagaSummary(UUID id, SagaType type, SagaStatus status) {
    }
}

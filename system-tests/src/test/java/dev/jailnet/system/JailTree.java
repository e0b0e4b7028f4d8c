package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jailnet.cli.AuditCheck;
import dev.jailnet.cli.Calls;
import dev.jailnet.cli.Service;
import dev.jailnet.cli.StandardJail;
import dev.jailnet.events.VnetIds;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Three jails one within the other, {@code top}, {@code top.middle}, {@code top.middle.leaf}, each a standard jail
 * whose epair is made in its parent's VNET and loaned in from there, and one host epair half (named for the top's jid,
 * so that no tree's clashes with another's that went home) loaned two levels down one level at a time ({@code ifconfig IF vnet} from the VNET it is in): vnet0 → top → middle. Loans at every level,
 * tunnels with route caches at every level.
 */
record JailTree(SystemUnderTest system, StandardJail.Built top, StandardJail.Built middle, StandardJail.Built leaf,
                String hostLoan) {

    static JailTree build(SystemUnderTest system, StandardJail standard, String name, boolean legacy) {
        StandardJail.Built top = standard.create(name, 2, legacy);
        StandardJail.Built middle = standard.createIn(top, "middle", 1, legacy);
        StandardJail.Built leaf = standard.createIn(middle, "leaf", 0, legacy);
        Calls calls = Calls.strict(system.operatorToken());
        String ifnet = system.url(Service.IFNET) + "/api/vnets/";
        String loan = calls.post(ifnet + VnetIds.VNET0 + "/interfaces", Map.of("cloner", "epair", "name",
                "epair" + (100 + top.jid()))).path("name").asText().replaceFirst("a$", "b");
        calls.post(ifnet + VnetIds.VNET0 + "/interfaces/" + loan + "/vnet", Map.of("vnet", top.vnetId()));
        calls.post(ifnet + top.vnetId() + "/interfaces/" + loan + "/vnet", Map.of("vnet", middle.vnetId()));
        calls.post(ifnet + middle.vnetId() + "/interfaces/" + loan + "/addresses", Map.of("address", "10.9.0.2/24"));
        return new JailTree(system, top, middle, leaf, loan);
    }

    List<StandardJail.Built> deepestFirst() {
        return List.of(leaf, middle, top);
    }

    JsonNode vnet(StandardJail.Built jail) {
        return calls().get(system.url(Service.VNET) + "/api/vnets/" + jail.vnetId());
    }

    JsonNode shutdown(StandardJail.Built jail) {
        return calls().get(system.url(Service.VNET) + "/api/vnets/" + jail.vnetId() + "/shutdown");
    }

    /** Where the interface is now, as the interface layer says. */
    String whereIs(String vnetId, String name) {
        return calls().get(system.url(Service.IFNET) + "/api/vnets/" + vnetId + "/interfaces/" + name)
                .path("vnet").asText();
    }

    /**
     * Each VNET of {@code jails} (deepest first) finished its {@code vnet_shutdown} before the next one's started,
     * and was destroyed before the next one was.
     */
    void assertShutDownAndDestroyedInOrder(List<StandardJail.Built> jails) {
        for (int i = 0; i + 1 < jails.size(); i++) {
            StandardJail.Built child = jails.get(i);
            StandardJail.Built parent = jails.get(i + 1);
            assertThat(Instant.parse(shutdown(child).path("endedAt").asText()))
                    .as("%s's vnet_shutdown ends before %s's starts", child.name(), parent.name())
                    .isBeforeOrEqualTo(Instant.parse(shutdown(parent).path("startedAt").asText()));
            assertThat(Instant.parse(vnet(child).path("endedAt").asText()))
                    .as("%s's VNET is destroyed before %s's", child.name(), parent.name())
                    .isBefore(Instant.parse(vnet(parent).path("endedAt").asText()));
        }
    }

    /** The audit is clean and nothing of the jails' VNETs is left in either layer's ledger. */
    void assertNothingLeft(List<StandardJail.Built> jails) {
        Audits.awaitClean(system);
        for (StandardJail.Built jail : jails) {
            assertThat(AuditCheck.remnants(jail.vnetId(), Audits.ledger(system, Service.IFNET),
                    Audits.ledger(system, Service.ROUTING))).as(jail.name()).isEmpty();
        }
    }

    private Calls calls() {
        return Calls.strict(system.operatorToken());
    }
}

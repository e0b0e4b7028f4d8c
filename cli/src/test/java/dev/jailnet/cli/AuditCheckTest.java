package dev.jailnet.cli;

import static dev.jailnet.events.saga.ReferenceKind.NHOP_IFNET;
import static dev.jailnet.events.saga.ReferenceKind.RIB_SUBSCRIPTION;
import static dev.jailnet.events.saga.ReferenceKind.TUNNEL_NHOP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.audit.AuditLedger.Reference;
import dev.jailnet.events.audit.AuditLedger;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditCheckTest {

    private static final Reference NHOP_ON_EPAIR = new Reference("nhop:vnet3/17", "ifnet:5", NHOP_IFNET);
    private static final Reference GIF_ON_NHOP = new Reference("tunnel:vnet3/7", "nhop:vnet3/17", TUNNEL_NHOP);
    private static final Reference GIF_ON_RIB = new Reference("tunnel:vnet3/7", "rib:vnet3/0/INET", RIB_SUBSCRIPTION);

    private static AuditLedger ifnet(List<Reference> holds, List<Reference> heldBy, String... violations) {
        return new AuditLedger("ifnet-service", List.of("ifnet:5", "ifnet:7", "tunnel:vnet3/7"), holds, heldBy,
                List.of(violations));
    }

    private static AuditLedger routing(List<String> objects, List<Reference> holds, List<Reference> heldBy) {
        return new AuditLedger("routing-service", objects, holds, heldBy, List.of());
    }

    private static final List<String> ROUTING_OBJECTS = List.of("nhop:vnet3/17", "rib:vnet3/0/INET");

    @Test
    void agreeingLedgersAreClean() {
        assertThat(AuditCheck.crossCheck(ifnet(List.of(GIF_ON_NHOP, GIF_ON_RIB), List.of(NHOP_ON_EPAIR)),
                routing(ROUTING_OBJECTS, List.of(NHOP_ON_EPAIR), List.of(GIF_ON_NHOP, GIF_ON_RIB)))).isEmpty();
    }

    @Test
    void aReferenceOnlyOneSideRecordsIsAFinding() {
        List<String> findings = AuditCheck.crossCheck(ifnet(List.of(), List.of()),
                routing(ROUTING_OBJECTS, List.of(NHOP_ON_EPAIR), List.of()));

        assertThat(findings).containsExactly(
                "NHOP_IFNET nhop:vnet3/17 -> ifnet:5: routing-service records 1, ifnet-service records 0");
    }

    @Test
    void countsMustAgreeToo() {
        List<String> findings = AuditCheck.crossCheck(ifnet(List.of(), List.of(NHOP_ON_EPAIR, NHOP_ON_EPAIR)),
                routing(ROUTING_OBJECTS, List.of(NHOP_ON_EPAIR), List.of()));

        assertThat(findings).hasSize(1).first().asString().contains("routing-service records 1, ifnet-service records 2");
    }

    @Test
    void aReferenceToSomethingGoneIsAFinding() {
        List<String> findings = AuditCheck.crossCheck(ifnet(List.of(GIF_ON_NHOP), List.of()),
                routing(List.of("rib:vnet3/0/INET"), List.of(), List.of(GIF_ON_NHOP)));

        assertThat(findings).containsExactly("TUNNEL_NHOP tunnel:vnet3/7 -> nhop:vnet3/17: the target nhop:vnet3/17 "
                + "does not exist in routing-service");
    }

    @Test
    void eachServicesOwnViolationsCount() {
        assertThat(AuditCheck.crossCheck(ifnet(List.of(), List.of(), "ifnet:9 is a tombstone no one refers to"),
                routing(List.of(), List.of(), List.of()))).containsExactly("ifnet-service: ifnet:9 is a tombstone no one refers to");
    }

    @Test
    void remnantsOfAVnetAreFoundInEitherLedger() {
        AuditLedger routing = routing(ROUTING_OBJECTS, List.of(NHOP_ON_EPAIR), List.of());

        assertThat(AuditCheck.remnants("vnet3", routing)).containsExactly("routing-service still has nhop:vnet3/17",
                "routing-service still has rib:vnet3/0/INET", "routing-service still records nhop:vnet3/17 -> ifnet:5");
        assertThat(AuditCheck.remnants("vnet30", routing)).isEmpty();
    }
}

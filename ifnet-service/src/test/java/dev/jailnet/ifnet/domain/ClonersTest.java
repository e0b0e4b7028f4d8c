package dev.jailnet.ifnet.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.problem.Rejected;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClonersTest {

    @Test
    void theLowestFreeUnitIsTakenAndFreedUnitsAreReused() {
        assertThat(Cloners.lowestFreeUnit(Set.of())).isZero();
        assertThat(Cloners.lowestFreeUnit(Set.of(0, 1, 2))).isEqualTo(3);
        assertThat(Cloners.lowestFreeUnit(Set.of(0, 2, 3))).as("unit 1 was freed").isEqualTo(1);
    }

    @Test
    void anEpairIsTwoHalvesOfOneUnit() {
        assertThat(Cloners.names(IfKind.EPAIR, 4)).isEqualTo(List.of("epair4a", "epair4b"));
        assertThat(Cloners.names(IfKind.GIF, 0)).isEqualTo(List.of("gif0"));
        assertThat(Cloners.names(IfKind.LOOP, 1)).isEqualTo(List.of("lo1"));
    }

    @Test
    void aRequestedNameAsksForItsUnit() {
        assertThat(Cloners.requestedUnit(IfKind.GIF, "gif7")).isEqualTo(7);
        assertThat(Cloners.requestedUnit(IfKind.EPAIR, "epair12")).isEqualTo(12);
        assertThatThrownBy(() -> Cloners.requestedUnit(IfKind.GIF, "gre7")).isInstanceOf(Rejected.class)
                .hasMessageContaining("not a gif name");
        assertThatThrownBy(() -> Cloners.requestedUnit(IfKind.GIF, "gif")).isInstanceOf(Rejected.class);
    }

    @Test
    void clonerNamesMapToKinds() {
        assertThat(Cloners.kind("vxlan")).isEqualTo(IfKind.VXLAN);
        assertThat(Cloners.kind("lo")).isEqualTo(IfKind.LOOP);
        assertThatThrownBy(() -> Cloners.kind("tap")).isInstanceOf(Rejected.class).hasMessageContaining("no cloner 'tap'");
        assertThatThrownBy(() -> Cloners.kind(null)).isInstanceOf(Rejected.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "em0", "epair0b", "vlan.100", "abcdefghijklmno"})
    void validNames(String name) {
        Cloners.validateName("name", name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abcdefghijklmnop", "0em", "Em0", "em-0", "em 0", "em/0"})
    void invalidNames(String name) {
        assertThatThrownBy(() -> Cloners.validateName("name", name)).isInstanceOf(Rejected.class)
                .extracting(e -> ((Rejected) e).field()).isEqualTo("name");
    }
}

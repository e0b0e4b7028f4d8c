package dev.jailnet.ifnet.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.problem.Rejected;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IfnetTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void epairHalvesKnowEachOther() {
        Ifnet a = Ifnet.attach(10, "epair0a", IfKind.EPAIR, 0, "vnet0", NOW);
        Ifnet b = Ifnet.attach(11, "epair0b", IfKind.EPAIR, 0, "vnet0", NOW);
        a.pairWith(b);

        assertThat(a.peerIndex()).contains(11);
        assertThat(b.peerIndex()).contains(10);
    }

    @Test
    void anAddressBringsTheInterfaceUpAndIsUniqueOnIt() {
        Ifnet ifp = Ifnet.attach(11, "bridge0", IfKind.BRIDGE, 0, "vnet0", NOW);
        assertThat(ifp.flags()).doesNotContain(IfFlag.UP, IfFlag.RUNNING);

        ifp.addAddress(IpAddress.parse("10.0.0.2"), 24);

        assertThat(ifp.flags()).contains(IfFlag.UP, IfFlag.RUNNING);
        assertThat(ifp.addresses()).extracting(Ifaddr::toString).containsExactly("10.0.0.2/24");
        assertThatThrownBy(() -> ifp.addAddress(IpAddress.parse("10.0.0.2"), 16)).isInstanceOf(Rejected.class)
                .hasMessageContaining("EEXIST");
        assertThatThrownBy(() -> ifp.removeAddress(IpAddress.parse("10.0.0.3"))).isInstanceOf(Rejected.class);
    }

    /** if_up and if_down: IFF_UP changes; the addresses stay, and RUNNING is as the driver makes it. */
    @Test
    void upAndDownChangeOnlyTheUpFlag() {
        Ifnet epair = Ifnet.attach(11, "epair0b", IfKind.EPAIR, 0, "vnet0", NOW);
        assertThat(epair.flags()).as("an epair runs from its creation, down")
                .containsExactly(IfFlag.BROADCAST, IfFlag.RUNNING, IfFlag.SIMPLEX, IfFlag.MULTICAST);
        epair.setUp(true);
        assertThat(epair.flags())
                .containsExactly(IfFlag.UP, IfFlag.BROADCAST, IfFlag.RUNNING, IfFlag.SIMPLEX, IfFlag.MULTICAST);
        epair.addAddress(IpAddress.parse("10.0.0.2"), 24);
        epair.setUp(false);
        assertThat(epair.flags()).containsExactly(IfFlag.BROADCAST, IfFlag.RUNNING, IfFlag.SIMPLEX, IfFlag.MULTICAST);
        assertThat(epair.addresses()).extracting(Ifaddr::toString).containsExactly("10.0.0.2/24");
        epair.setUp(false);
        assertThat(epair.flags()).doesNotContain(IfFlag.UP);

        Ifnet bridge = Ifnet.attach(13, "bridge0", IfKind.BRIDGE, 0, "vnet0", NOW);
        bridge.setUp(true);
        assertThat(bridge.flags()).as("bridge_init").contains(IfFlag.UP, IfFlag.RUNNING);
        bridge.setUp(false);
        assertThat(bridge.flags()).as("bridge_stop").doesNotContain(IfFlag.UP, IfFlag.RUNNING);
        Ifnet em0 = Ifnet.attach(2, "em0", IfKind.ETHER, 0, "vnet0", NOW);
        em0.setUp(false);
        assertThat(em0.flags()).as("a NIC stops with down").doesNotContain(IfFlag.UP, IfFlag.RUNNING);
        em0.setUp(true);
        assertThat(em0.flags()).contains(IfFlag.UP, IfFlag.RUNNING);
        Ifnet lo1 = Ifnet.attach(14, "lo1", IfKind.LOOP, 1, "vnet0", NOW);
        assertThat(lo1.flags()).as("a loopback clone starts down").containsExactly(IfFlag.LOOPBACK, IfFlag.MULTICAST);
        lo1.setUp(true);
        assertThat(lo1.flags()).as("loioctl's flags ioctl leaves RUNNING")
                .containsExactly(IfFlag.UP, IfFlag.LOOPBACK, IfFlag.MULTICAST);
        lo1.addAddress(IpAddress.parse("127.0.0.2"), 8);
        lo1.setUp(false);
        assertThat(lo1.flags()).as("its first address made it run").containsExactly(IfFlag.LOOPBACK, IfFlag.RUNNING,
                IfFlag.MULTICAST);
        assertThat(Ifnet.attach(15, "lo0", IfKind.LOOP, 0, "vnet3", NOW).flags()).as("a VNET's lo0")
                .containsExactly(IfFlag.UP, IfFlag.LOOPBACK, IfFlag.RUNNING, IfFlag.MULTICAST);

        Ifnet gif = Ifnet.attach(12, "gif0", IfKind.GIF, 0, "vnet3", NOW);
        gif.setUp(true);
        assertThat(gif.flags()).as("a tunnel runs as its cache says").containsExactly(IfFlag.UP, IfFlag.POINTOPOINT,
                IfFlag.MULTICAST);
        long generation = gif.setTunnel(IpAddress.parse("10.0.0.2"), IpAddress.parse("198.51.100.1"), 0);
        gif.routeResolved(generation, true, 6L, "epair0b", "10.0.0.1", true);
        gif.setUp(false);
        assertThat(gif.flags()).containsExactly(IfFlag.POINTOPOINT, IfFlag.RUNNING, IfFlag.MULTICAST);
        assertThat(gif.cachedNhopId()).as("its cache too").contains(6L);

        epair.setUp(true);
        assertThat(epair.releaseCache()).isEmpty();
        assertThat(epair.flags()).as("vnet_shutdown's release brings it down; RUNNING is its driver's")
                .containsExactly(IfFlag.BROADCAST, IfFlag.RUNNING, IfFlag.SIMPLEX, IfFlag.MULTICAST);
        assertThat(gif.releaseCache()).contains(6L);
        assertThat(gif.flags()).containsExactly(IfFlag.POINTOPOINT, IfFlag.MULTICAST);

        epair.detach(NOW);
        assertThatThrownBy(() -> epair.setUp(true)).isInstanceOf(Rejected.class).hasMessageContaining("destroyed");
    }

    @Test
    void aMovePurgesAddressesAndKeepsNameAndIndex() {
        Ifnet ifp = Ifnet.attach(11, "epair0b", IfKind.EPAIR, 0, "vnet0", NOW);
        ifp.addAddress(IpAddress.parse("10.0.0.2"), 24);

        List<Ifaddr> purged = ifp.moveTo("vnet3");

        assertThat(purged).hasSize(1);
        assertThat(ifp.addresses()).isEmpty();
        assertThat(ifp.flags()).as("if_vmove brings it down (if_down)").doesNotContain(IfFlag.UP)
                .contains(IfFlag.RUNNING);
        assertThat(ifp.vnet()).isEqualTo("vnet3");
        assertThat(ifp.homeVnet()).isEqualTo("vnet0");
        assertThat(ifp.isLoaned()).isTrue();
        assertThat(ifp.name()).isEqualTo("epair0b");
        assertThat(ifp.index()).isEqualTo(11);
    }

    @Test
    void onlyTunnelsTakeEndpoints() {
        Ifnet epair = Ifnet.attach(11, "epair0b", IfKind.EPAIR, 0, "vnet0", NOW);
        assertThatThrownBy(() -> epair.setTunnel(IpAddress.parse("10.0.0.2"), IpAddress.parse("198.51.100.1"), 0))
                .isInstanceOf(Rejected.class).hasMessageContaining("not a tunnel interface");

        Ifnet gif = Ifnet.attach(12, "gif0", IfKind.GIF, 0, "vnet3", NOW);
        assertThatThrownBy(() -> gif.setTunnel(IpAddress.parse("10.0.0.2"), IpAddress.parse("2001:db8::1"), 0))
                .isInstanceOf(Rejected.class).hasMessageContaining("different families");
    }

    /** in_gif_set_running: a tunnel runs only while its source is an address of its VNET, whatever its cache. */
    @Test
    void aTunnelRunsOnlyWhileItsSourceIsAnAddressOfItsVnet() {
        Ifnet gif = Ifnet.attach(12, "gif0", IfKind.GIF, 0, "vnet3", NOW);
        long generation = gif.setTunnel(IpAddress.parse("10.0.0.2"), IpAddress.parse("198.51.100.1"), 0);

        assertThat(gif.routeResolved(generation, true, 6L, "epair0b", "10.0.0.1", false)).isTrue();
        assertThat(gif.cachedNhopId()).as("the cache is kept").contains(6L);
        assertThat(gif.flags()).contains(IfFlag.UP).doesNotContain(IfFlag.RUNNING);
        gif.sourceLocal(true);
        assertThat(gif.flags()).contains(IfFlag.RUNNING);
        gif.sourceLocal(false);
        assertThat(gif.flags()).doesNotContain(IfFlag.RUNNING);

        Ifnet epair = Ifnet.attach(13, "epair0b", IfKind.EPAIR, 0, "vnet3", NOW);
        epair.addAddress(IpAddress.parse("10.0.0.2"), 24);
        epair.sourceLocal(false);
        assertThat(epair.flags()).as("not a tunnel: unchanged").contains(IfFlag.RUNNING);
    }

    @Test
    void theCacheFollowsOnlyAnswersForTheCurrentEndpoints() {
        Ifnet gif = Ifnet.attach(12, "gif0", IfKind.GIF, 0, "vnet3", NOW);
        long first = gif.setTunnel(IpAddress.parse("10.0.0.2"), IpAddress.parse("198.51.100.1"), 0);
        long second = gif.setTunnel(IpAddress.parse("10.0.0.2"), IpAddress.parse("198.51.100.2"), 0);

        assertThat(gif.routeResolved(first, true, 5L, "epair0b", "10.0.0.1", true)).as("stale").isFalse();
        assertThat(gif.cachedNhopId()).isEmpty();
        assertThat(gif.routeResolved(second, true, 6L, "epair0b", "10.0.0.1", true)).isTrue();
        assertThat(gif.cachedNhopId()).contains(6L);
        assertThat(gif.flags()).contains(IfFlag.UP, IfFlag.POINTOPOINT, IfFlag.RUNNING);

        assertThat(gif.routeResolved(second, true, null, null, null, true)).isTrue();
        assertThat(gif.flags()).as("no route left: not RUNNING").doesNotContain(IfFlag.RUNNING);

        assertThat(gif.deleteTunnel()).isTrue();
        assertThat(gif.routeResolved(second, true, 6L, "epair0b", "10.0.0.1", true)).as("after gif_delete_tunnel")
                .isFalse();
        assertThat(gif.deleteTunnel()).isFalse();
    }

    @Test
    void aTombstoneIsNotFreedWhileRoutingKnowsIt() {
        Ifnet ifp = Ifnet.attach(11, "epair0b", IfKind.EPAIR, 0, "vnet0", NOW);
        ifp.detach(NOW);

        assertThat(ifp.state()).isEqualTo(IfState.TOMBSTONE);
        assertThat(ifp.freeable()).as("routing still knows it (IfnetRepository.routingLetGo frees it then)").isFalse();
        assertThatThrownBy(() -> ifp.addAddress(IpAddress.parse("10.0.0.2"), 24)).isInstanceOf(Rejected.class);
    }
}

package dev.jailnet.events.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IpPrefixTest {

    @ParameterizedTest
    @CsvSource({
            "10.0.0.2, 10.0.0.2",
            "255.255.255.255, 255.255.255.255",
            "2001:db8::1, 2001:db8::1",
            "2001:DB8:0:0:0:0:0:1, 2001:db8::1",
            "::1, ::1",
            "::, ::",
            "fe80::, fe80::",
            "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
            "2001:0:0:1:0:0:0:1, 2001:0:0:1::1"})
    void printsAddressesCanonically(String text, String canonical) {
        assertThat(IpAddress.parse(text).toString()).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.256", "10.0.0.-1", "010.0.0.1", "10..0.1", "ten.0.0.1", "1.2.3.4.5",
            "2001:db8:::1", "2001::db8::1", "1:2:3:4:5:6:7:8:9", "12345::", "g::1", "localhost", "", " "})
    void rejectsWhatIsNotALiteralAddress(String text) {
        assertThatThrownBy(() -> IpAddress.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void clearsHostBitsAndKnowsHostsAndDefaults() {
        IpPrefix prefix = IpPrefix.parse("10.1.2.3/16");
        assertThat(prefix.toString()).isEqualTo("10.1.0.0/16");
        assertThat(IpPrefix.parse("10.1.2.3").toString()).isEqualTo("10.1.2.3/32");
        assertThat(IpPrefix.parse("10.1.2.3").isHost()).isTrue();
        assertThat(IpPrefix.parse("2001:db8::1/32").toString()).isEqualTo("2001:db8::/32");
        assertThat(IpPrefix.parse("2001:db8::1").length()).isEqualTo(128);
        assertThat(IpPrefix.defaultRoute(IpFamily.INET).toString()).isEqualTo("default");
        assertThat(IpPrefix.defaultRoute(IpFamily.INET6).toCidr()).isEqualTo("::/0");
        assertThat(IpPrefix.parse("0.0.0.0/0")).isEqualTo(IpPrefix.defaultRoute(IpFamily.INET));
    }

    @Test
    void anInterfaceAddressKeepsItsHostBitsBesideItsNetwork() {
        CidrAddress address = CidrAddress.parse("10.1.2.3/16");
        assertThat(address.address()).isEqualTo(IpAddress.parse("10.1.2.3"));
        assertThat(address.prefix()).isEqualTo(IpPrefix.parse("10.1.0.0/16"));
        assertThat(address.toString()).isEqualTo("10.1.2.3/16");
        assertThat(CidrAddress.parse("2001:db8::1")).isEqualTo(new CidrAddress(IpAddress.parse("2001:db8::1"), 128));
        assertThatThrownBy(() -> CidrAddress.parse("10.1.2.3/33")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("out of range 0-32");
    }

    @Test
    void containsByFamilyAndMask() {
        IpPrefix net = IpPrefix.parse("10.1.0.0/16");
        assertThat(net.contains(IpAddress.parse("10.1.255.7"))).isTrue();
        assertThat(net.contains(IpAddress.parse("10.2.0.1"))).isFalse();
        assertThat(IpPrefix.defaultRoute(IpFamily.INET).contains(IpAddress.parse("192.0.2.1"))).isTrue();
        assertThat(IpPrefix.defaultRoute(IpFamily.INET).contains(IpAddress.parse("2001:db8::1"))).isFalse();
        assertThat(IpPrefix.parse("2001:db8::/32").contains(IpAddress.parse("2001:db8:ffff::1"))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "10.0.0.0/", "10.0.0.0/x", "2001:db8::/129", "10.0.0.0/-1", "/24"})
    void rejectsBadPrefixLengths(String text) {
        assertThatThrownBy(() -> IpPrefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }
}

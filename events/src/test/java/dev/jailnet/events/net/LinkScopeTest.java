package dev.jailnet.events.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkScopeTest {

    private static final IntFunction<String> NAMES = Map.of(6, "epair0b", 70_000, "epair9b")::get;

    @ParameterizedTest
    @CsvSource({
            "fe80::1%epair0b, fe80::1, epair0b",
            "fe80::%epair0b/64, fe80::/64, epair0b",
            "fe80::1, fe80::1, ",
            "10.0.0.0/8, 10.0.0.0/8, ",
            "2001:db8::1, 2001:db8::1, "})
    void takesTheZoneOutOfWhatIsWritten(String text, String address, String zone) {
        assertThat(LinkScope.Zoned.parse(text)).isEqualTo(new LinkScope.Zoned(address, zone));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fe80::1%", "fe80::1%Epair0b", "fe80::1%0", "fe80::1%epair0b%x",
            "fe80::1%abcdefghijklmnop"})
    void refusesAZoneThatIsNoInterfaceName(String text) {
        assertThatThrownBy(() -> LinkScope.Zoned.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not an interface name");
    }

    @Test
    void oneLinkLocalAddressOnTwoLinksIsTwoAddressesAndTwoNetworks() {
        IpAddress written = IpAddress.parse("fe80::1");
        IpAddress onSix = LinkScope.embed(written, 6);
        IpAddress onSeven = LinkScope.embed(written, 7);
        assertThat(onSix).isNotEqualTo(onSeven).isNotEqualTo(written);
        assertThat(IpPrefix.of(onSix, 64)).isNotEqualTo(IpPrefix.of(onSeven, 64));
        assertThat(IpPrefix.of(onSix, 64).contains(onSix)).isTrue();
        assertThat(IpPrefix.of(onSix, 64).contains(onSeven)).isFalse();
        assertThat(LinkScope.zone(onSix)).isEqualTo(6);
        assertThat(LinkScope.strip(onSix)).isEqualTo(written);
        assertThat(LinkScope.show(onSix, NAMES)).isEqualTo("fe80::1%epair0b");
        assertThat(LinkScope.show(onSix.toString(), NAMES)).isEqualTo("fe80::1%epair0b");
        assertThat(LinkScope.show(IpPrefix.of(onSix, 64), NAMES)).isEqualTo("fe80::%epair0b/64");
        assertThat(LinkScope.show(IpPrefix.of(onSix, 128), NAMES)).isEqualTo("fe80::1%epair0b/128");
    }

    @Test
    void anIndexPast65535StillFits() {
        IpAddress embedded = LinkScope.embed(IpAddress.parse("fe80::abcd"), 70_000);
        assertThat(LinkScope.zone(embedded)).isEqualTo(70_000);
        assertThat(LinkScope.show(embedded, NAMES)).isEqualTo("fe80::abcd%epair9b");
    }

    @Test
    void anyOtherAddressIsKeptAndShownAsItIs() {
        for (String text : new String[] {"10.0.0.1", "2001:db8::1", "::1", "ff02::1", "fec0::1", "febf::1"}) {
            IpAddress address = IpAddress.parse(text);
            assertThat(LinkScope.isLinkLocal(address)).as(text).isEqualTo(text.equals("febf::1"));
            if (!LinkScope.isLinkLocal(address)) {
                assertThat(LinkScope.embed(address, 6)).as(text).isEqualTo(address);
                assertThat(LinkScope.show(address, NAMES)).as(text).isEqualTo(text);
                assertThat(LinkScope.show(text, NAMES)).as(text).isEqualTo(text);
            }
        }
        assertThat(LinkScope.show(IpPrefix.defaultRoute(IpFamily.INET6), NAMES)).isEqualTo("default");
        assertThat(LinkScope.show(IpAddress.parse("fe80::1"), NAMES)).as("no zone yet").isEqualTo("fe80::1");
    }

    @Test
    void aLinkLocalAddressOutsideFe80Slash64OrOneWithAZoneAlreadyIsRefused() {
        assertThatThrownBy(() -> LinkScope.embed(IpAddress.parse("fe80:1::1"), 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in fe80::/64");
        assertThatThrownBy(() -> LinkScope.embed(IpAddress.parse("febf::1"), 6))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in fe80::/64");
        assertThatThrownBy(() -> LinkScope.embed(LinkScope.embed(IpAddress.parse("fe80::1"), 6), 7))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LinkScope.embed(IpAddress.parse("fe80::1"), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsAnAddressOrAPrefixOnTheLinkItsZoneNames() {
        Map<String, Integer> links = Map.of("epair0b", 6);
        java.util.function.Function<String, Integer> link = zone -> zone == null ? 7 : links.get(zone);
        assertThat(LinkScope.readAddress("fe80::1%epair0b", link))
                .isEqualTo(new LinkScope.Read<>(LinkScope.embed(IpAddress.parse("fe80::1"), 6), "epair0b"));
        assertThat(LinkScope.readAddress("fe80::1", link)).as("no zone: the link's own")
                .isEqualTo(new LinkScope.Read<>(LinkScope.embed(IpAddress.parse("fe80::1"), 7), null));
        assertThat(LinkScope.readPrefix("fe80::%epair0b/64", link).value())
                .isEqualTo(IpPrefix.of(LinkScope.embed(IpAddress.parse("fe80::"), 6), 64));
        assertThat(LinkScope.readCidr("fe80::2%epair0b/64", link).value()).as("the host bits kept")
                .isEqualTo(new CidrAddress(LinkScope.embed(IpAddress.parse("fe80::2"), 6), 64));
        assertThat(LinkScope.readPrefix("10.0.0.0/8", link))
                .isEqualTo(new LinkScope.Read<>(IpPrefix.parse("10.0.0.0/8"), null));
        assertThat(LinkScope.readCidr("10.0.0.2/8", link).value().prefix()).isEqualTo(IpPrefix.parse("10.0.0.0/8"));
        assertThatThrownBy(() -> LinkScope.readAddress("2001:db8::1%epair0b", link))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has a zone");
    }
}

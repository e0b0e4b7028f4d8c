package dev.jailnet.ifnet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.testsupport.SchemaUpgrade;
import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * V8 puts the link-local addresses written before it on their links, as the service now writes them: an address on
 * its interface's, a tunnel's cached gateway on the link its route leaves by; every other address stays as it was.
 */
@QuarkusTest
@ServiceTest
class LinkLocalUpgradeTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theLinkLocalAddressesWrittenBeforeArePutOnTheirLinks() throws Exception {
        try (SchemaUpgrade upgrade = SchemaUpgrade.before(dataSource, "ifnet", "7")) {
            upgrade.inSchema(sql -> {
                sql.execute("insert into vnet (vnet_id, state, attached_at, parent_vnet_id) values"
                        + " ('vnet0', 'ALIVE', now(), null), ('vnet1', 'ALIVE', now(), 'vnet0')");
                sql.execute("insert into ifnet (if_index, name, kind, home_vnet, vnet, up, running, mtu, created_at)"
                        + " values (6, 'epair0b', 'EPAIR', 'vnet0', 'vnet1', true, true, 1500, now()),"
                        + " (70000, 'epair9b', 'EPAIR', 'vnet0', 'vnet1', true, true, 1500, now()),"
                        + " (7, 'gif0', 'GIF', 'vnet1', 'vnet1', true, true, 1280, now())");
                sql.execute("update ifnet set tunnel_source = '2001:db8::2', tunnel_destination = '2001:db8:9::1',"
                        + " cached_nhop_id = 5, cached_egress = 'epair0b', cached_gateway = 'fe80::1' where if_index = 7");
                sql.execute("insert into ifaddr (if_index, family, address, prefix_length) values"
                        + " (6, 'INET6', 'fe80::2', 64), (70000, 'INET6', 'fe80::2', 64),"
                        + " (6, 'INET6', 'fe80::a:0:0:1', 64), (6, 'INET6', '2001:db8::2', 64),"
                        + " (6, 'INET', '10.0.0.2', 24), (6, 'INET6', 'fe80:1::2', 32)");
            });

            upgrade.migrateOn();

            upgrade.inSchema(sql -> {
                assertThat(SchemaUpgrade.column(sql, "select address from ifaddr order by id")).containsExactly(
                        onLink("fe80::2", 6), onLink("fe80::2", 70_000), onLink("fe80::a:0:0:1", 6), "2001:db8::2",
                        "10.0.0.2", "fe80:1::2");
                assertThat(SchemaUpgrade.column(sql, "select cached_gateway from ifnet where if_index = 7"))
                        .containsExactly(onLink("fe80::1", 6));
            });
        }
    }

    /** As the service writes a link-local address on the interface of index {@code ifIndex}. */
    private static String onLink(String address, int ifIndex) {
        return LinkScope.embed(IpAddress.parse(address), ifIndex).toString();
    }
}

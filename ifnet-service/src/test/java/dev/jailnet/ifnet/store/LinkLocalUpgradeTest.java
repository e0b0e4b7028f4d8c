package dev.jailnet.ifnet.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.Test;

/**
 * V8 puts the link-local addresses written before it on their links, as the service now writes them: an address on
 * its interface's, a tunnel's cached gateway on the link its route leaves by; every other address stays as it was.
 * Run on a schema of its own, migrated to V7, given rows as the service wrote them then, and migrated on.
 */
@QuarkusTest
@ServiceTest
class LinkLocalUpgradeTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theLinkLocalAddressesWrittenBeforeArePutOnTheirLinks() throws Exception {
        String schema = "ifnet_upgrade_" + UUID.randomUUID().toString().substring(0, 8);
        flyway(schema).target("7").load().migrate();
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set search_path to " + schema);
            sql.execute("insert into vnet (vnet_id, state, attached_at, parent_vnet_id) values ('vnet1', 'ALIVE', now(),"
                    + " 'vnet0'), ('vnet0', 'ALIVE', now(), null)");
            for (Object[] ifp : new Object[][] {{6, "epair0b"}, {70_000, "epair9b"}, {7, "gif0"}}) {
                sql.execute("insert into ifnet (if_index, name, kind, home_vnet, vnet, up, running, mtu, created_at)"
                        + " values (" + ifp[0] + ", '" + ifp[1] + "', 'EPAIR', 'vnet1', 'vnet1', true, true, 1500, now())");
            }
            sql.execute("update ifnet set kind = 'GIF', tunnel_source = '2001:db8::2', tunnel_destination = "
                    + "'2001:db8:9::1', cached_nhop_id = 5, cached_egress = 'epair0b', cached_gateway = 'fe80::1'"
                    + " where if_index = 7");
            sql.execute("insert into ifaddr (if_index, family, address, prefix_length) values"
                    + " (6, 'INET6', 'fe80::2', 64), (70000, 'INET6', 'fe80::2', 64), (6, 'INET6', 'fe80::a:0:0:1', 64),"
                    + " (6, 'INET6', '2001:db8::2', 64), (6, 'INET', '10.0.0.2', 24), (6, 'INET6', 'fe80:1::2', 32)");
        }

        flyway(schema).load().migrate();

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("6 fe80::2", onLink("fe80::2", 6));
        expected.put("70000 fe80::2", onLink("fe80::2", 70_000));
        expected.put("6 fe80::a:0:0:1", onLink("fe80::a:0:0:1", 6));
        expected.put("6 2001:db8::2", "2001:db8::2");
        expected.put("6 10.0.0.2", "10.0.0.2");
        expected.put("6 fe80:1::2", "fe80:1::2");
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            sql.execute("set search_path to " + schema);
            Map<String, String> upgraded = new LinkedHashMap<>();
            try (ResultSet rows = sql.executeQuery("select if_index, address from ifaddr order by id")) {
                int i = 0;
                String[] before = expected.keySet().toArray(String[]::new);
                while (rows.next()) {
                    upgraded.put(before[i++], rows.getString(2));
                }
            }
            assertThat(upgraded).isEqualTo(expected);
            try (ResultSet tunnel = sql.executeQuery("select cached_gateway from ifnet where if_index = 7")) {
                tunnel.next();
                assertThat(tunnel.getString(1)).isEqualTo(onLink("fe80::1", 6));
            }
            sql.execute("set search_path to public");
            sql.execute("drop schema " + schema + " cascade");
        }
    }

    private FluentConfiguration flyway(String schema) {
        return Flyway.configure().dataSource(dataSource).schemas(schema).locations("classpath:db/migration");
    }

    /** As the service writes a link-local address on the interface of index {@code ifIndex}. */
    private static String onLink(String address, int ifIndex) {
        return LinkScope.embed(IpAddress.parse(address), ifIndex).toString();
    }
}

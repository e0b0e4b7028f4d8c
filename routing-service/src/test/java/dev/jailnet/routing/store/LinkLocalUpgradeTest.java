package dev.jailnet.routing.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.events.net.IpAddress;
import dev.jailnet.events.net.IpPrefix;
import dev.jailnet.events.net.LinkScope;
import dev.jailnet.testsupport.SchemaUpgrade;
import dev.jailnet.testsupport.ServiceTest;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * V5 puts the link-local routes and gateways written before it on their links, as the service now writes them: an
 * address's connected and local routes on the address's interface, a static route and a nexthop's gateway on the
 * interface the nexthop leaves by; every other route stays as it was.
 */
@QuarkusTest
@ServiceTest
class LinkLocalUpgradeTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theLinkLocalRoutesAndGatewaysWrittenBeforeArePutOnTheirLinks() throws Exception {
        try (SchemaUpgrade upgrade = SchemaUpgrade.before(dataSource, "routing", "4")) {
            upgrade.inSchema(sql -> {
                sql.execute("insert into vnet (vnet_id, state, attached_at) values ('vnet1', 'ALIVE', now())");
                sql.execute("insert into nhop (id, vnet_id, fib, family, if_index, if_name, gateway, created_at) values"
                        + " (1, 'vnet1', 0, 'INET6', 6, 'epair0b', null, now()),"
                        + " (2, 'vnet1', 0, 'INET6', 5, 'lo0', null, now()),"
                        + " (3, 'vnet1', 0, 'INET6', 70000, 'epair9b', 'fe80::1', now()),"
                        + " (4, 'vnet1', 0, 'INET6', 6, 'epair0b', '2001:db8::1', now()),"
                        + " (5, 'vnet1', 0, 'INET', 6, 'epair0b', '10.0.0.1', now())");
                sql.execute("insert into route (vnet_id, fib, family, destination, nhop_id, kind, origin_if_index,"
                        + " created_at) values ('vnet1', 0, 'INET6', 'fe80::/64', 1, 'CONNECTED', 6, now()),"
                        + " ('vnet1', 0, 'INET6', 'fe80::2/128', 2, 'LOCAL', 6, now()),"
                        + " ('vnet1', 0, 'INET6', '::/0', 3, 'STATIC', null, now()),"
                        + " ('vnet1', 0, 'INET6', 'fe80::/10', 1, 'STATIC', null, now()),"
                        + " ('vnet1', 0, 'INET6', '2001:db8::/64', 1, 'CONNECTED', 6, now()),"
                        + " ('vnet1', 0, 'INET6', '2001:db8:5::/48', 4, 'STATIC', null, now()),"
                        + " ('vnet1', 0, 'INET', '10.0.0.0/24', 5, 'CONNECTED', 6, now())");
            });

            upgrade.migrateOn();

            upgrade.inSchema(sql -> {
                assertThat(SchemaUpgrade.column(sql, "select destination from route order by id").stream()
                        .map(d -> IpPrefix.parse(d).toCidr())).containsExactly(onLink("fe80::", 6, 64),
                        onLink("fe80::2", 6, 128), "::/0", "fe80::/10", "2001:db8::/64", "2001:db8:5::/48",
                        "10.0.0.0/24");
                assertThat(SchemaUpgrade.column(sql, "select coalesce(gateway, '-') from nhop order by id"))
                        .containsExactly("-", "-", LinkScope.embed(IpAddress.parse("fe80::1"), 70_000).toString(),
                                "2001:db8::1", "10.0.0.1");
            });
        }
    }

    /** As the service writes a link-local prefix on the link of index {@code ifIndex}. */
    private static String onLink(String address, int ifIndex, int length) {
        return IpPrefix.of(LinkScope.embed(IpAddress.parse(address), ifIndex), length).toCidr();
    }
}

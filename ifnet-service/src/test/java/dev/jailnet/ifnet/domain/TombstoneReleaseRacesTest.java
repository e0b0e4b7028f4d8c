package dev.jailnet.ifnet.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.testsupport.ServiceTest;
import dev.jailnet.testsupport.Together;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A tombstone is freed by whichever comes last of its references' releases and routing's detach, however they
 * interleave: releases of nexthops of two VNETs arrive on two partitions, and routing's detach on a third, so two
 * consumers may each see the other's change uncommitted and leave the tombstone to no one.
 */
@QuarkusTest
@ServiceTest
class TombstoneReleaseRacesTest {

    private static final AtomicInteger INDEXES = new AtomicInteger(4_000_000);
    private static final int ROUNDS = 30;

    @Inject
    ReferenceService references;

    @Inject
    AgroalDataSource dataSource;

    @Test
    void theLastTwoReleasesAtOnceFreeTheTombstone() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String first = vnet();
            String second = vnet();
            int ifIndex = tombstone(true, first, second);

            Together.run(() -> references.nhopFreed(first, 1, ifIndex), () -> references.nhopFreed(second, 2, ifIndex));

            assertThat(exists(ifIndex)).as("round %d: the tombstone is freed", round).isFalse();
        }
    }

    @Test
    void theLastReleaseAndRoutingsDetachAtOnceFreeTheTombstone() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String holder = vnet();
            int ifIndex = tombstone(false, holder);

            Together.run(() -> references.nhopFreed(holder, 1, ifIndex), () -> references.routingDetached(ifIndex));

            assertThat(exists(ifIndex)).as("round %d: the tombstone is freed", round).isFalse();
        }
    }

    private static String vnet() {
        return "tomb-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A destroyed interface held by one nexthop of each of {@code holders} (ids 1, 2, ...). */
    private int tombstone(boolean routingDetached, String... holders) throws Exception {
        int ifIndex = INDEXES.incrementAndGet();
        Together.sql(dataSource, "insert into ifnet.ifnet (if_index, name, kind, home_vnet, vnet, up, running, mtu,"
                + " created_at, state, detached_at, routing_detached) values (" + ifIndex + ", 'epair" + ifIndex
                + "b', 'EPAIR', '" + holders[0] + "', '" + holders[0] + "', false, false, 1500, now(), 'TOMBSTONE',"
                + " now(), " + routingDetached + ")");
        for (int i = 0; i < holders.length; i++) {
            Together.sql(dataSource, "insert into ifnet.ifnet_ref (if_index, holder, holder_vnet, taken_at) values ("
                    + ifIndex + ", 'nhop:" + holders[i] + "/" + (i + 1) + "', '" + holders[i] + "', now())");
        }
        return ifIndex;
    }

    private boolean exists(int ifIndex) throws Exception {
        return Together.count(dataSource, "select count(*) from ifnet.ifnet where if_index = " + ifIndex) > 0;
    }
}

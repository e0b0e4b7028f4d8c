package dev.jailnet.routing.domain;

import static dev.jailnet.testsupport.Together.count;
import static dev.jailnet.testsupport.Together.sql;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.testsupport.AccessResource;
import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.StoppablePostgresResource;
import dev.jailnet.testsupport.Together;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Replicas that start together on an empty database: vnet0's routing tables are made once, and both start. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(AccessResource.class)
@WithTestResource(value = StoppablePostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class HostRoutingTablesTest {

    @Inject
    RoutingService routing;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void twoReplicasMakingTheHostsTablesAtOnceMakeThemOnce() throws Exception {
        int ribs = count(dataSource, "select count(*) from rib where vnet_id = 'vnet0'");
        for (int round = 0; round < 10; round++) {
            sql(dataSource, "delete from rib where vnet_id = 'vnet0'", "delete from vnet where vnet_id = 'vnet0'");
            Together.run(() -> routing.initHost(), () -> routing.initHost());
            assertThat(count(dataSource, "select count(*) from vnet where vnet_id = 'vnet0'")).as("round %d", round).isEqualTo(1);
            assertThat(count(dataSource, "select count(*) from rib where vnet_id = 'vnet0'")).isEqualTo(ribs);
        }
    }
}

package dev.jailnet.routing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.testsupport.KafkaResource;
import dev.jailnet.testsupport.StoppablePostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/** Replicas that start together on an empty database: vnet0's routing tables are made once, and both start. */
@QuarkusTest
@WithTestResource(KafkaResource.class)
@WithTestResource(value = StoppablePostgresResource.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class HostRoutingTablesTest {

    @Inject
    RoutingService routing;
    @Inject
    AgroalDataSource dataSource;

    @Test
    void twoReplicasMakingTheHostsTablesAtOnceMakeThemOnce() throws Exception {
        int ribs = count("select count(*) from rib where vnet_id = 'vnet0'");
        for (int round = 0; round < 10; round++) {
            sql("delete from rib where vnet_id = 'vnet0'", "delete from vnet where vnet_id = 'vnet0'");
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Void>> replicas = List.of(1, 2).stream().map(r -> CompletableFuture.runAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                routing.initHost();
            })).toList();

            replicas.forEach(CompletableFuture::join);
            assertThat(count("select count(*) from vnet where vnet_id = 'vnet0'")).as("round %d", round).isEqualTo(1);
            assertThat(count("select count(*) from rib where vnet_id = 'vnet0'")).isEqualTo(ribs);
        }
    }

    private void sql(String... statements) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.executeUpdate(statement);
            }
        }
    }

    private int count(String query) throws Exception {
        try (Connection connection = dataSource.getConnection(); Statement sql = connection.createStatement();
             ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}

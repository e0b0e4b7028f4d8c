package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jailnet.cli.BenchCommand;
import dev.jailnet.cli.ControlServer;
import dev.jailnet.cli.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code jailnet bench} at tiny sizes: it runs against the system and writes well-formed results (no timing asserted). */
@ExtendWith(JailnetSystem.class)
class BenchSmokeIT {

    @Test
    void theBenchmarkRunsAndWritesEveryFigure(SystemUnderTest system) throws Exception {
        Path out = Files.createTempFile("bench", ".json");

        int exit;
        try (ControlServer control = ControlServer.start(((LocalProcesses) system).system(), 0)) {
            exit = new CommandLine(new BenchCommand()).execute("--records", "50", "--commits", "500", "--lifecycles", "2",
                    "--warmup", "1",
                    "--levels", "1,2", "--seconds", "2", "--routes", "10,2000", "--interfaces", "3,20",
                    "--kafka", system.kafkaBootstrap(), "--jail-url", system.url(Service.JAIL),
                    "--vnet-url", system.url(Service.VNET), "--ifnet-url", system.url(Service.IFNET),
                    "--routing-url", system.url(Service.ROUTING), "--control-port", Integer.toString(control.port()),
                    "--out", out.toString());
        }

        assertThat(exit).as("the audit after the benchmark is clean").isZero();
        JsonNode results = new ObjectMapper().readTree(out.toFile());
        assertThat(results.path("machine").path("cores").asInt()).isPositive();
        assertThat(results.path("machine").path("cpuPressureAtStart").asText()).isNotEmpty();
        assertThat(results.path("machine").path("cpuPressureAtEnd").asText()).isNotEmpty();
        assertThat(results.path("physicalLimit").path("count").asInt()).isEqualTo(50);
        // the physical limit's and the database's bare costs: what a record and a durable commit take at the least
        String brokerAndBench = "kafka (jailnet up) + bench";
        assertThat(results.path("physicalLimit").path("cpuMsPerRecord").path(brokerAndBench).asDouble()).isPositive();
        JsonNode together = results.path("physicalLimit").path("inFlightTogether");
        assertThat(together.path("records").asInt()).as("one batch of 100").isEqualTo(100);
        assertThat(together.path("cpuMsPerRecord").path(brokerAndBench).asDouble()).isPositive();
        assertThat(results.path("bareCommits").path("commit").path("count").asInt()).isEqualTo(500);
        assertThat(results.path("bareCommits").path("cpuMsPerCommit").path("postgres").asDouble()).isPositive();
        assertThat(results.path("latency").path("vnetShutdownSaga").path("count").asInt()).isEqualTo(2);
        assertThat(results.path("latency").path("sagaHops").asInt()).isEqualTo(10);
        assertThat(results.path("throughput")).hasSize(2);
        assertThat(results.path("throughput").get(1).path("clients").asInt()).isEqualTo(2);
        assertThat(results.path("scaling").get(0).path("routes").asInt()).isEqualTo(10);
        assertThat(results.path("scaling").get(0).path("sagaMs").asLong()).isPositive();
        JsonNode loaded = results.path("scaling").get(1);
        assertThat(loaded.path("routes").asInt()).isEqualTo(2000);
        assertThat(loaded.path("nexthops").asInt()).as("200 gateways, a network per interface, lo0's").isEqualTo(221);
        assertThat(loaded.path("largestRecordBytes").asInt()).isPositive();
        // the services' JIT settings, as jailnet up starts them, in the results; the database is no JVM
        JsonNode jvmOptions = results.path("machine").path("jvmOptions");
        for (String service : List.of("jail-service", "vnet-service", "ifnet-service", "routing-service")) {
            assertThat(jvmOptions.path(service)).extracting(JsonNode::asText).as(service)
                    .contains("-XX:TieredStopAtLevel=1", "-XX:CompileThresholdScaling=0.1");
        }
        assertThat(jvmOptions.has("postgres")).isFalse();
        // durable commits, and every cost counted: the system's processes, the topics, the database
        assertThat(results.path("databaseDurability").path("synchronous_commit").asText()).isEqualTo("on");
        assertThat(results.path("databaseDurability").path("fsync").asText()).isEqualTo("on");
        JsonNode cost = results.path("latency").path("costPerLifecycle");
        // the broker runs in this JVM, where the benchmark runs too: counted once; the console, which follows
        // every event, is one of the system's processes too
        assertThat(cost.path("cpuMs").fieldNames()).toIterable().containsExactlyInAnyOrder("jail-service",
                "vnet-service", "ifnet-service", "routing-service", "console", "postgres",
                "kafka (jailnet up) + bench");
        assertThat(cost.path("cpuMs").path("routing-service").asDouble()).isPositive();
        // each service's CPU by what its threads do: routing's consumers applied the interface events and the steps
        JsonNode byThread = cost.path("cpuMsByThread");
        assertThat(byThread.fieldNames()).toIterable().containsExactlyInAnyOrder("jail-service", "vnet-service",
                "ifnet-service", "routing-service");
        assertThat(byThread.path("routing-service").fieldNames()).toIterable().containsExactly("consumers", "rest",
                "outbox", "jit", "gc and vm", "other", "threads that ended");
        assertThat(byThread.path("routing-service").path("consumers").asDouble()).isPositive();
        assertThat(byThread.path("routing-service").path("rest").asDouble()).isPositive();
        assertThat(cost.path("kafkaRecords").asDouble()).isPositive();
        assertThat(cost.path("writeTransactions").asDouble()).isPositive();
        assertThat(cost.path("statements").asDouble()).isGreaterThan(cost.path("writeTransactions").asDouble());
        // every writing transaction logs at least its commit record
        assertThat(cost.path("walBytes").asDouble()).isGreaterThan(cost.path("writeTransactions").asDouble());
        assertThat(cost.has("walFullPageImages")).isTrue();
        // the broker's CPU cannot be told from the benchmark's in one JVM: no floor rather than a wrong one
        assertThat(cost.has("floorMs")).isFalse();
        assertThat(results.path("throughput").get(0).path("costPerLifecycle").path("cpuMsTotal").asDouble())
                .isPositive();
        assertThat(results.path("auditClean").asBoolean()).isTrue();
    }
}

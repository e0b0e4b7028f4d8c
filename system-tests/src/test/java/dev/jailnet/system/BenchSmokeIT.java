package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jailnet.cli.BenchCommand;
import dev.jailnet.cli.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** {@code jailnet bench} at tiny sizes: it runs against the system and writes well-formed results (no timing asserted). */
@ExtendWith(JailnetSystem.class)
class BenchSmokeIT {

    @Test
    void theBenchmarkRunsAndWritesEveryFigure(SystemUnderTest system) throws Exception {
        Path out = Files.createTempFile("bench", ".json");

        int exit = new CommandLine(new BenchCommand()).execute("--records", "50", "--lifecycles", "2", "--warmup", "1",
                "--levels", "1,2", "--seconds", "2", "--routes", "10", "--interfaces", "3",
                "--kafka", system.kafkaBootstrap(), "--jail-url", system.url(Service.JAIL),
                "--vnet-url", system.url(Service.VNET), "--ifnet-url", system.url(Service.IFNET),
                "--routing-url", system.url(Service.ROUTING), "--out", out.toString());

        assertThat(exit).as("the audit after the benchmark is clean").isZero();
        JsonNode results = new ObjectMapper().readTree(out.toFile());
        assertThat(results.path("machine").path("cores").asInt()).isPositive();
        assertThat(results.path("machine").path("cpuPressureAtStart").asText()).isNotEmpty();
        assertThat(results.path("machine").path("cpuPressureAtEnd").asText()).isNotEmpty();
        assertThat(results.path("physicalLimit").path("count").asInt()).isEqualTo(50);
        assertThat(results.path("latency").path("vnetShutdownSaga").path("count").asInt()).isEqualTo(2);
        assertThat(results.path("latency").path("sagaHops").asInt()).isEqualTo(10);
        assertThat(results.path("throughput")).hasSize(2);
        assertThat(results.path("throughput").get(1).path("clients").asInt()).isEqualTo(2);
        assertThat(results.path("scaling").get(0).path("routes").asInt()).isEqualTo(10);
        assertThat(results.path("scaling").get(0).path("sagaMs").asLong()).isPositive();
        assertThat(results.path("auditClean").asBoolean()).isTrue();
    }
}

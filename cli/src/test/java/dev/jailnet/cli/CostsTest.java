package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CostsTest {

    @Test
    void theReapedChildrensCpuIsCutimePlusCstimeAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (postgres: a (b) c) S 1 4242 4242 0 -1 4194560 100 200 0 0 50 60 5120 1480 20 0 1 0 "
                + "100 2000000 300 18446744073709551615\n";

        assertThat(Costs.reapedChildren(stat)).isEqualTo(Duration.ofMillis((5120 + 1480) * 10));
    }

    @Test
    void aTextThatIsNoStatCountsNothing() {
        assertThat(Costs.reapedChildren("")).isZero();
        assertThat(Costs.reapedChildren("4242 (postgres) S 1 2")).isZero();
        assertThat(Costs.reapedChildren("4242 (postgres) S 1 4242 4242 0 -1 0 0 0 0 0 0 0 x y")).isZero();
    }

    @Test
    void aJvmsOptionsAreItsXOptionsBeforeItsJarOrMainClassAndNoSystemProperty() {
        assertThat(Costs.jvmOptions(List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dquarkus.datasource.password=secret", "-XX:CompileThresholdScaling=0.1", "-jar", "quarkus-run.jar",
                "-Xnot-an-option")))
                .containsExactly("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-XX:CompileThresholdScaling=0.1");
        assertThat(Costs.jvmOptions(List.of("-XX:TieredStopAtLevel=1", "-Djailnet.home=/j", "-cp", "-Xa.jar:lib/*",
                "dev.jailnet.cli.Jailnet", "bench", "-Xfoo")))
                .as("a class path is a value, not an option; the program's arguments are not the JVM's")
                .containsExactly("-XX:TieredStopAtLevel=1");
        assertThat(Costs.jvmOptions(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx1g", "-m",
                "jailnet/dev.jailnet.Main", "-Xfoo")))
                .as("an option's value is no option; a module is the program").containsExactly("-Xmx1g");
        assertThat(Costs.jvmOptions(List.of("-D", "/data/postgres", "-p", "5432"))).as("not a JVM").isEmpty();
        assertThat(Costs.jvmOptions(List.of())).isEmpty();
    }

    @Test
    void aServicesReplicasAreCountedTogetherUnderItsNameAndAStoppedComponentNotAtAll() throws Exception {
        var status = Api.JSON.readTree("""
                {"components": [
                  {"name": "postgres", "state": "RUNNING", "pid": 7},
                  {"name": "kafka", "state": "RUNNING", "pid": 5},
                  {"name": "routing-service#1", "state": "RUNNING", "pid": 10},
                  {"name": "routing-service#2", "state": "RUNNING", "pid": 11},
                  {"name": "ifnet-service#1", "state": "STOPPED", "pid": -1}
                ]}""");

        assertThat(Costs.processesOf(status)).containsExactly(Map.entry("postgres", List.of(7L)),
                Map.entry("kafka (jailnet up)", List.of(5L)), Map.entry("routing-service", List.of(10L, 11L)));
    }

    @Test
    void eachProcessesCpuPerUnitIsItsGrowthOverTheCountAndANewProcessStartsFromNothing() {
        Costs.Snapshot before = snapshot(Map.of(Costs.BROKER, Duration.ofMillis(1_000), "bench", Duration.ofMillis(50)));
        Costs.Snapshot after = snapshot(Map.of(Costs.BROKER, Duration.ofMillis(3_400), "bench", Duration.ofMillis(450),
                "console", Duration.ofMillis(20)));

        var perRecord = Costs.cpuPer(before, after, 2_000);

        assertThat(perRecord.path(Costs.BROKER).asDouble()).isEqualTo(1.2);
        assertThat(perRecord.path("bench").asDouble()).isEqualTo(0.2);
        assertThat(perRecord.path("console").asDouble()).isEqualTo(0.01);
    }

    @Test
    void theFloorIsTheRecordsAtTheBrokersCostAndTheWritingTransactionsAtTheDatabasesOrUnknown() throws Exception {
        var lifecycle = Api.JSON.readTree("{\"kafkaRecords\": 48.0, \"writeTransactions\": 88.0}");
        var broker = Api.JSON.readTree("{\"kafka (jailnet up)\": 1.25, \"bench\": 0.3}");
        var database = Api.JSON.readTree("{\"postgres\": 0.25}");

        assertThat(Costs.floor(lifecycle, broker, database)).contains(48 * 1.25 + 88 * 0.25);
        assertThat(Costs.floor(lifecycle, Api.JSON.readTree("{\"bench\": 0.3}"), database)).as("compose: no broker process")
                .isEmpty();
        assertThat(Costs.floor(Api.JSON.readTree("{\"kafkaRecords\": 48.0}"), broker, database))
                .as("no transaction counts").isEmpty();
    }

    private static Costs.Snapshot snapshot(Map<String, Duration> cpu) {
        return new Costs.Snapshot(cpu, Map.of(), 0, 0, 0, 0, 0, 0);
    }
}

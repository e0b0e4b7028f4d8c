package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.localstack.Signals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunRecordsTest {

    @TempDir
    Path data;

    @Test
    void aDataDirectoryIsTakenByOneSystemAtATime() {
        try (RunRecords first = RunRecords.claim(data)) {
            assertThatThrownBy(() -> RunRecords.claim(data)).isInstanceOf(IllegalStateException.class)
                    .hasMessage("another jailnet up (pid " + ProcessHandle.current().pid() + ") runs on " + data
                            + ": stop it first, or give this one another --data-dir");
        }
        RunRecords.claim(data).close();
    }

    @Test
    void theNextClaimStopsWhatARecordStillNamesAndOnlyThat() throws Exception {
        Process service = new ProcessBuilder("sleep", "600").start();
        Process reused = new ProcessBuilder("sleep", "600").start();
        try {
            try (RunRecords first = RunRecords.claim(data)) {
                first.record("jail-service#1", service.toHandle());
                first.record("vnet-service#1", reused.toHandle());
                first.record("console", new ProcessBuilder("true").start().onExit().get().toHandle());
            }
            // the pid of vnet-service#1 now names a process started at another time: not the one recorded
            Path record = data.resolve("run/vnet-service#1.pid");
            String[] fields = Files.readString(record).split(" ", 3);
            Files.writeString(record, fields[0] + " " + (Long.parseLong(fields[1]) - 1_000) + " " + fields[2]);

            try (RunRecords second = RunRecords.claim(data)) {
                List<RunRecords.Leftover> stopped = second.stopLeftovers();
                assertThat(stopped).extracting(RunRecords.Leftover::toString)
                        .containsExactly("jail-service#1 (pid " + service.pid() + ")");
                assertThat(service.waitFor(5, TimeUnit.SECONDS)).isTrue();
                assertThat(reused.isAlive()).isTrue();
                assertThat(names()).containsExactlyInAnyOrder("lock", "launcher.pid");
            }
            assertThat(names()).containsExactly("lock");
        } finally {
            service.destroyForcibly();
            reused.destroyForcibly();
        }
    }

    @Test
    void whatALauncherLeftIsReadWithoutTakingTheDirectoryAndOnlyOnceItIsGone() throws Exception {
        Process service = new ProcessBuilder("sleep", "600").start();
        try {
            try (RunRecords launcher = RunRecords.claim(data)) {
                launcher.record("console", service.toHandle());
                assertThat(RunRecords.leftovers(data)).as("while its launcher runs").isEmpty();
            }
            assertThat(RunRecords.leftovers(data)).extracting(RunRecords.Leftover::toString)
                    .containsExactly("console (pid " + service.pid() + ")");
            assertThat(RunRecords.leftovers(data.resolve("nowhere"))).isEmpty();
            try (RunRecords next = RunRecords.claim(data)) {
                assertThat(next.stopLeftovers()).hasSize(1);
            }
        } finally {
            service.destroyForcibly();
        }
    }

    @Test
    void aPausedLeftoverIsResumedToBeStopped() throws Exception {
        Process paused = new ProcessBuilder("sleep", "600").start();
        try {
            try (RunRecords first = RunRecords.claim(data)) {
                first.record("routing-service#1", paused.toHandle());
            }
            Signals.send("STOP", List.of(paused.pid()));
            try (RunRecords second = RunRecords.claim(data)) {
                assertThat(second.stopLeftovers()).hasSize(1);
            }
            assertThat(paused.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(paused.exitValue()).as("ended by SIGTERM, not SIGKILL after the grace").isEqualTo(128 + 15);
        } finally {
            paused.destroyForcibly();
        }
    }

    private List<String> names() throws Exception {
        try (Stream<Path> files = Files.list(data.resolve("run"))) {
            return files.map(f -> f.getFileName().toString()).toList();
        }
    }
}

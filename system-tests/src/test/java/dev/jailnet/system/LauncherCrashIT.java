package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import dev.jailnet.localstack.Ports;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code jailnet up} as a user runs it, in its own process: when that process dies by SIGKILL (the OOM killer), its
 * services and PostgreSQL outlive it; the next {@code jailnet up} on the same data directory stops them and finds
 * the state they kept, and a third one meanwhile is refused, naming the one that runs.
 */
class LauncherCrashIT {

    private static final Duration UP = Duration.ofSeconds(240);
    private static final Pattern JAIL_SERVICE = Pattern.compile("jail-service\\s+(http://\\S+)/api");

    @Test
    void theNextUpStopsWhatAKilledLauncherLeftRunningAndKeepsItsState() throws Exception {
        Path data = Files.createTempDirectory("jailnet-launcher");
        Up first = Up.start(data, "first");
        Up second = null;
        try {
            String jails = first.awaitUp();
            String token = Files.readString(data.resolve("secrets/operator.token")).strip();
            int jid = given().baseUri(jails).auth().oauth2(token).header("Prefer", "wait=60")
                    .contentType(ContentType.JSON).body("{\"name\":\"kept\",\"vnet\":true}").post("/api/jails")
                    .then().statusCode(201).body("state", equalTo("ALIVE")).extract().path("jid");
            Map<String, ProcessHandle> started = recorded(data);
            assertThat(started).as("what the first up recorded").containsKeys("postgres", "jail-service#1",
                    "vnet-service#1", "ifnet-service#1", "routing-service#1", "console");

            first.process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            Thread.sleep(2_000);
            assertThat(started.values()).as("what outlives a launcher killed by SIGKILL")
                    .allMatch(ProcessHandle::isAlive);
            Process ps = jailnet(data.resolveSibling(data.getFileName() + "-ps.log"), "ps", "--data-dir",
                    data.toString(), "--control-port", Integer.toString(Ports.free()));
            assertThat(ps.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(ps.exitValue()).isEqualTo(1);
            assertThat(Files.readString(data.resolveSibling(data.getFileName() + "-ps.log")))
                    .contains("ended without stopping what it ran, which still runs: ")
                    .contains("postgres (pid " + started.get("postgres").pid() + ")")
                    .contains("./jailnet up on that directory stops it first");

            second = Up.start(data, "second");
            jails = second.awaitUp();
            assertThat(second.output()).contains("ended without stopping what it ran; stopped")
                    .contains("postgres (pid " + started.get("postgres").pid() + ")")
                    .contains("jail-service#1 (pid " + started.get("jail-service#1").pid() + ")");
            assertThat(started.values()).as("what the first left, after the second is up")
                    .noneMatch(ProcessHandle::isAlive);
            given().baseUri(jails).auth().oauth2(token).get("/api/jails/kept").then()
                    .statusCode(200).body("jid", equalTo(jid)).body("state", equalTo("ALIVE"));

            Up third = Up.start(data, "third");
            assertThat(third.process.waitFor(120, TimeUnit.SECONDS)).as("a third up on the same data").isTrue();
            assertThat(third.process.exitValue()).isEqualTo(1);
            assertThat(third.output()).contains("another jailnet up (pid " + second.process.pid() + ") runs on " + data);
            given().baseUri(jails).auth().oauth2(token).get("/api/jails/kept").then()
                    .statusCode(200);

            Map<String, ProcessHandle> running = recorded(data);
            second.process.destroy();
            assertThat(second.process.waitFor(120, TimeUnit.SECONDS)).as("the second up stops on SIGTERM").isTrue();
            // the launcher waits for pg_ctl, which returns when the postmaster has removed its pid file, just before it exits
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(running.values())
                    .as("what a clean stop leaves").noneMatch(ProcessHandle::isAlive));
            try (Stream<Path> left = Files.list(data.resolve("run"))) {
                assertThat(left.map(p -> p.getFileName().toString())).as("records after a clean stop")
                        .containsExactly("lock");
            }
        } finally {
            first.process.destroyForcibly();
            if (second != null) {
                second.process.destroy();
                second.process.waitFor(120, TimeUnit.SECONDS);
            }
            recorded(data).values().forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** The CLI, as the {@code jailnet} script runs it, its output in {@code log}. */
    private static Process jailnet(Path log, String... arguments) throws IOException {
        Path home = LocalProcesses.home();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djailnet.home=" + home, "-cp",
                home.resolve("cli/target/jailnet-cli.jar") + ":" + home.resolve("cli/target/lib/*"),
                "dev.jailnet.cli.Jailnet"));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** The processes the records under {@code data/run} name (pid only: this test's own check). */
    private static Map<String, ProcessHandle> recorded(Path data) throws IOException {
        Map<String, ProcessHandle> processes = new TreeMap<>();
        try (Stream<Path> files = Files.list(data.resolve("run"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replaceFirst("\\.pid$", "");
                long pid = Long.parseLong(Files.readString(file).split(" ")[0]);
                if (!name.equals("launcher")) {
                    ProcessHandle.of(pid).ifPresent(p -> processes.put(name, p));
                }
            }
        }
        return processes;
    }

    /** One {@code jailnet up} on free ports, as the {@code jailnet} script runs it, its output in a file. */
    private record Up(Process process, Path log) {

        static Up start(Path data, String name) throws IOException {
            Path log = data.resolveSibling(data.getFileName() + "-" + name + ".log");
            List<String> arguments = new ArrayList<>(List.of("up", "--data-dir", data.toString()));
            for (String port : List.of("--kafka-port", "--postgres-port", "--jail-port", "--vnet-port", "--ifnet-port",
                    "--routing-port", "--console-port", "--control-port")) {
                arguments.add(port + "=0");
            }
            return new Up(jailnet(log, arguments.toArray(String[]::new)), log);
        }

        /** Waits for "Press Ctrl-C to stop."; returns jail-service's URL as the output shows it. */
        String awaitUp() throws Exception {
            long deadline = System.nanoTime() + UP.toNanos();
            while (System.nanoTime() < deadline) {
                String output = output();
                if (output.contains("Press Ctrl-C to stop.")) {
                    Matcher url = JAIL_SERVICE.matcher(output);
                    assertThat(url.find()).as(output).isTrue();
                    return url.group(1);
                }
                assertThat(process.isAlive()).as("jailnet up exited:%n%s", output).isTrue();
                Thread.sleep(500);
            }
            throw new AssertionError("jailnet up was not up within " + UP.toSeconds() + " s:\n" + output());
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }
    }
}

package dev.jailnet.cli;

import dev.jailnet.localstack.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One replica of a service (or the console) running as its own JVM, its output in a log file. */
public final class ServiceProcess implements Component {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Duration GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> properties;
    private final Map<String, String> environment;
    private final Path log;
    private final Duration readyTimeout;
    private final RunRecords records;
    private Process process;
    private boolean paused;

    /**
     * @param name        as {@code jailnet ps} shows it: {@code ifnet-service#2}, {@code console}
     * @param properties  system properties ({@code -D}, visible to every local user in the process list)
     * @param environment what must not be visible so: passwords, and settings that point at secrets
     * @param records     where each process it starts is recorded, for a launcher that dies without stopping it
     */
    ServiceProcess(String name, Path jar, int port, Map<String, String> properties,
                   Map<String, String> environment, Path log, Duration readyTimeout, RunRecords records) {
        this.name = name;
        this.jar = jar;
        this.port = port;
        this.properties = properties;
        this.environment = environment;
        this.log = log;
        this.readyTimeout = readyTimeout;
        this.records = records;
    }

    /** Starts the JVM and returns at once; {@link #awaitReady()} waits until it serves. */
    public synchronized void launch() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xms64m");
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        // C1 only: measured on 2 cores, C2's compiler threads took ~125 s of CPU in an 8-minute benchmark
        // beside five JVMs, and every figure was worse than with C1 alone (docs/benchmarks.md)
        command.add("-XX:TieredStopAtLevel=1");
        // C1 compiles a method after ~20 calls, not ~200 (more while its queue is long): what runs a few times per
        // lifecycle was otherwise interpreted for the first hundreds of lifecycles after a start (docs/benchmarks.md)
        command.add("-XX:CompileThresholdScaling=0.1");
        // later options win: JAILNET_SERVICE_JVM_OPTIONS="-XX:TieredStopAtLevel=4" measures the full JIT again
        String extra = System.getenv("JAILNET_SERVICE_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.add("-Dquarkus.http.port=" + port);
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(jar.toString());
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(environment);
            process = builder.start();
            paused = false;
            records.record(name, process.toHandle());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name() + ": " + e.getMessage(), e);
        }
    }

    /** Launches the JVM unless it runs, and waits until it is ready. */
    @Override
    public void start() {
        synchronized (this) {
            if (paused) {
                throw new NotNow(name() + " is paused: resume it");
            }
            if (isAlive()) {
                return;
            }
            launch();
        }
        awaitReady();
    }

    /** Waits until the service reports ready; fails early, with its last log lines, if it exits. */
    public void awaitReady() {
        Process started;
        synchronized (this) {
            started = process;
        }
        long deadline = System.nanoTime() + readyTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException(name() + " exited with status " + started.exitValue()
                        + " while starting; the end of " + log + ":\n" + tail(25));
            }
            if (isReady()) {
                return;
            }
            Pause.millis(200);
        }
        throw new IllegalStateException(name() + " did not become ready within " + readyTimeout.toSeconds()
                + " s; the end of " + log + ":\n" + tail(25));
    }

    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM and a graceful stop (a paused JVM is resumed first, to see it); SIGKILL after 15 s. */
    @Override
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        resume();
        process.destroy();
        try {
            if (!process.waitFor(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        records.forget(name);
    }

    /** SIGKILL: the service dies wherever it is, as in a crash. */
    @Override
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        paused = false;
    }

    @Override
    public synchronized void pause() {
        if (!isAlive()) {
            throw new NotNow(name() + " is stopped: there is nothing to pause");
        }
        if (!paused) {
            Signals.send("STOP", List.of(process.pid()));
            paused = true;
        }
    }

    @Override
    public synchronized void resume() {
        if (paused && isAlive()) {
            Signals.send("CONT", List.of(process.pid()));
        }
        paused = false;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    @Override
    public synchronized State state() {
        return !isAlive() ? State.STOPPED : paused ? State.PAUSED : State.RUNNING;
    }

    @Override
    public String name() {
        return name;
    }

    /** A replica's name: the module's and the replica's number, {@code ifnet-service#2}. */
    static String name(Service service, int replica) {
        return service.module() + "#" + replica;
    }

    @Override
    public int port() {
        return port;
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public Path log() {
        return log;
    }

    @Override
    public synchronized long pid() {
        return isAlive() ? process.pid() : -1;
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}

package dev.jailnet.cli;

import dev.jailnet.localstack.Signals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a {@code jailnet up} runs, kept under its data directory ({@code run/}) so that a launcher that dies
 * without stopping its components (SIGKILL, the OOM killer) leaves nothing the next one cannot find. The launcher
 * holds {@code run/lock} for as long as it lives (the kernel releases the lock with the process), and records each
 * process it starts by name, with its pid, start time and executable. The next launcher that takes the lock stops
 * whatever a record still names: services that would go on retrying a broker that died with the launcher, a
 * PostgreSQL that holds its port and its data directory. A record whose pid now names another process (another
 * start time or executable) is only removed.
 */
final class RunRecords implements AutoCloseable {

    private static final String LOCK = "lock";
    private static final String LAUNCHER = "launcher";
    private static final String SUFFIX = ".pid";
    private static final String POSTGRES = "postgres";
    private static final Duration SERVICE_GRACE = Duration.ofSeconds(15);
    private static final Duration POSTGRES_GRACE = Duration.ofSeconds(30);

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private RunRecords(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /** A process that a record names, and that still runs. */
    record Leftover(String name, ProcessHandle process) {
        @Override
        public String toString() {
            return name + " (pid " + process.pid() + ")";
        }
    }

    /**
     * Takes the data directory for this process; fails, naming the other launcher, while one holds it. What an
     * earlier launcher recorded stays until {@link #stopLeftovers()}.
     */
    static RunRecords claim(Path dataDir) {
        Path directory = dataDir.resolve("run");
        FileChannel channel = null;
        try {
            Files.createDirectories(directory);
            channel = FileChannel.open(directory.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                String holder = running(directory, LAUNCHER).map(p -> " (pid " + p.pid() + ")").orElse("");
                throw new IllegalStateException("another jailnet up" + holder + " runs on " + dataDir
                        + ": stop it first, or give this one another --data-dir");
            }
            RunRecords records = new RunRecords(directory, channel, lock);
            records.record(LAUNCHER, ProcessHandle.current());
            return records;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot take " + directory + ": " + e.getMessage(), e);
        }
    }

    /** Null when another process, or another system of this JVM, holds it. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /**
     * Stops what a launcher that died left running: the services and the console first (SIGTERM, SIGKILL after
     * 15 s), then PostgreSQL (a fast shutdown, SIGINT; SIGKILL after 30 s), each resumed first in case it was
     * paused. Every earlier record is removed; returns what was stopped.
     */
    List<Leftover> stopLeftovers() {
        List<Leftover> live = live(directory);
        List<Leftover> services = live.stream().filter(l -> !l.name().equals(POSTGRES)).toList();
        Optional<Leftover> postgres = live.stream().filter(l -> l.name().equals(POSTGRES)).findFirst();
        services.forEach(s -> resumeAnd("TERM", s.process()));
        services.forEach(s -> awaitEnd(s.process(), SERVICE_GRACE));
        postgres.ifPresent(p -> {
            resumeAnd("INT", p.process());
            awaitEnd(p.process(), POSTGRES_GRACE);
        });
        recordedNames(directory).stream().filter(name -> !name.equals(LAUNCHER)).forEach(this::forget);
        List<Leftover> stopped = new ArrayList<>(services);
        postgres.ifPresent(stopped::add);
        return stopped;
    }

    /**
     * What a launcher that died left running on {@code dataDir}, read without taking it: nothing when its launcher
     * still runs (or nothing was ever recorded there).
     */
    static List<Leftover> leftovers(Path dataDir) {
        Path directory = dataDir.resolve("run");
        if (!Files.isDirectory(directory) || running(directory, LAUNCHER).isPresent()) {
            return List.of();
        }
        return live(directory);
    }

    /** The processes the records in {@code directory} name that still run, the launcher's aside. */
    private static List<Leftover> live(Path directory) {
        List<Leftover> live = new ArrayList<>();
        for (String name : recordedNames(directory)) {
            if (!name.equals(LAUNCHER)) {
                running(directory, name).ifPresent(p -> live.add(new Leftover(name, p)));
            }
        }
        return live;
    }

    /** Records a process this launcher started under {@code name}, replacing an earlier record of that name. */
    void record(String name, ProcessHandle process) {
        ProcessHandle.Info info = process.info();
        String line = process.pid() + " " + info.startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-")
                + " " + info.command().orElse("-") + "\n";
        try {
            Path file = directory.resolve(name + SUFFIX);
            Path written = directory.resolve(name + SUFFIX + ".new");
            Files.writeString(written, line);
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record " + name + " in " + directory + ": " + e.getMessage(), e);
        }
    }

    /** The process {@code name} was stopped by its owner: nothing is left to find. */
    void forget(String name) {
        try {
            Files.deleteIfExists(directory.resolve(name + SUFFIX));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the record of " + name + ": " + e.getMessage(), e);
        }
    }

    /** Removes this launcher's record and releases the directory. */
    @Override
    public void close() {
        forget(LAUNCHER);
        try {
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release " + directory.resolve(LOCK), e);
        } finally {
            closeQuietly(channel);
        }
    }

    private static List<String> recordedNames(Path directory) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*" + SUFFIX)) {
            files.forEach(f -> {
                String file = f.getFileName().toString();
                names.add(file.substring(0, file.length() - SUFFIX.length()));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory + ": " + e.getMessage(), e);
        }
        return names;
    }

    /** The process a record names, if it still runs: the same pid, start time and executable. */
    private static Optional<ProcessHandle> running(Path directory, String name) {
        String[] fields;
        try {
            fields = Files.readString(directory.resolve(name + SUFFIX)).strip().split(" ", 3);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (fields.length < 3) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process;
        try {
            process = ProcessHandle.of(Long.parseLong(fields[0]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return process.filter(ProcessHandle::isAlive).filter(p -> {
            ProcessHandle.Info info = p.info();
            return fields[1].equals(info.startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("-"))
                    && fields[2].equals(info.command().orElse("-"));
        });
    }

    /** SIGCONT to the process and what it forked (a paused PostgreSQL's backends), then {@code signal}. */
    private static void resumeAnd(String signal, ProcessHandle process) {
        List<Long> all = new ArrayList<>();
        all.add(process.pid());
        process.descendants().forEach(d -> all.add(d.pid()));
        try {
            Signals.send("CONT", all);
            Signals.send(signal, List.of(process.pid()));
        } catch (IllegalStateException e) {
            if (process.isAlive()) {
                throw e;
            }
        }
    }

    private static void awaitEnd(ProcessHandle process, Duration grace) {
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            process.destroyForcibly();
            process.onExit().join();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot wait for pid " + process.pid(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the lock goes with the channel; nothing else to release
            }
        }
    }
}

package dev.jailnet.cli;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU time of a service's threads by what they do, read from {@code /proc/PID/task}: a process's total says how
 * much a service cost, this says whether its consumers, its REST requests, its outbox or the JVM's own compiler and
 * collector took it. Exact (the kernel's count per thread), unlike a sampling profile, and cheap enough to take
 * around every phase. A thread that ends within a phase takes its time with it; the difference from the process's
 * total is reported as such.
 */
final class ThreadRoles {

    /** The roles, in the order they are reported. */
    static final List<String> ROLES = List.of("consumers", "rest", "outbox", "jit", "gc and vm", "other");

    private ThreadRoles() {
    }

    /**
     * The role of a thread by its name as the kernel keeps it (its first 15 characters): the messaging library's
     * consumer loops and their clients' heartbeats, the HTTP server's event loops and worker threads, the outbox's
     * relay, wake-up listener and producer, the JIT's compilers, the collector and the VM's own threads.
     */
    static String roleOf(String thread) {
        if (thread.startsWith("consumer-") || thread.startsWith("kafka-coordinat")) {
            return "consumers";
        }
        if (thread.startsWith("executor-thread") || thread.startsWith("vert.x-")) {
            return "rest";
        }
        if (thread.startsWith("outbox-") || thread.startsWith("kafka-producer")) {
            return "outbox";
        }
        if (thread.contains("CompilerThre")) {
            return "jit";
        }
        if (thread.startsWith("VM ") || thread.startsWith("GC ") || thread.startsWith("G1 ")) {
            return "gc and vm";
        }
        return "other";
    }

    /** A living thread's role and the CPU it has used so far. */
    record ThreadCpu(String role, Duration cpu) {
    }

    /** The living threads of {@code pid} by thread id; empty where there is no {@code /proc}. */
    static Map<Long, ThreadCpu> of(long pid) {
        Map<Long, ThreadCpu> threads = new HashMap<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        try (DirectoryStream<Path> all = Files.newDirectoryStream(tasks)) {
            for (Path thread : all) {
                try {
                    threads.put(Long.parseLong(thread.getFileName().toString()), new ThreadCpu(
                            roleOf(Files.readString(thread.resolve("comm")).strip()),
                            cpu(Files.readString(thread.resolve("stat")))));
                } catch (IOException | NumberFormatException e) {
                    // the thread ended between the listing and the reading: its time is with the ended ones
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return threads;
    }

    /**
     * CPU by role between two readings of one process's threads: a thread born between them counts from zero; one
     * that ended is in no role (its time is in the process's total only).
     */
    static Map<String, Duration> between(Map<Long, ThreadCpu> before, Map<Long, ThreadCpu> after) {
        Map<String, Duration> roles = new LinkedHashMap<>();
        ROLES.forEach(role -> roles.put(role, Duration.ZERO));
        after.forEach((id, thread) -> {
            ThreadCpu then = before.get(id);
            roles.merge(thread.role(), then == null ? thread.cpu() : thread.cpu().minus(then.cpu()), Duration::plus);
        });
        return roles;
    }

    /** A thread's own CPU ({@code utime} and {@code stime} of its {@code stat}); zero if the text is not one. */
    static Duration cpu(String stat) {
        return ProcStat.ticks(stat, 14);
    }
}

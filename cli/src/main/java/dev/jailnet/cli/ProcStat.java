package dev.jailnet.cli;

import java.time.Duration;

/** Times read from the text of a {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}. */
final class ProcStat {

    private ProcStat() {
    }

    /**
     * The sum of two adjacent time fields ({@code field} and the next, numbered as in proc(5)), in the kernel's
     * 100 ticks a second; zero if the text is not a stat.
     */
    static Duration ticks(String stat, int field) {
        try {
            // the fields after the name, which may hold spaces and parentheses, start with the state (field 3)
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(fields[field - 3]) + Long.parseLong(fields[field + 1 - 3]);
            return Duration.ofMillis(ticks * 10);
        } catch (RuntimeException e) {
            return Duration.ZERO;
        }
    }
}

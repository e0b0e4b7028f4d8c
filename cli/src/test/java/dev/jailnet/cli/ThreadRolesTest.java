package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ThreadRolesTest {

    @ParameterizedTest
    @CsvSource({"consumer-saga-r, consumers", "kafka-coordinat, consumers", "executor-thread, rest",
            "vert.x-eventloo, rest", "outbox-relay, outbox", "outbox-listener, outbox", "kafka-producer-, outbox",
            "C1 CompilerThre, jit", "C2 CompilerThre, jit", "VM Thread, gc and vm", "VM Periodic Tas, gc and vm",
            "GC Thread#0, gc and vm", "saga-timer, other"})
    void aThreadsRoleIsReadFromItsNameAsTheKernelKeepsIt(String thread, String role) {
        assertThat(ThreadRoles.roleOf(thread)).isEqualTo(role);
    }

    @Test
    void aThreadsCpuIsUtimePlusStimeAfterANameWithSpacesAndParentheses() {
        String stat = "4243 (C2 (Compiler) x) S 1 4242 4242 0 -1 4194560 100 200 0 0 150 60 5120 1480 20 0 1 0 "
                + "100 2000000 300 18446744073709551615\n";

        assertThat(ThreadRoles.cpu(stat)).isEqualTo(Duration.ofMillis((150 + 60) * 10));
        assertThat(ThreadRoles.cpu("4243 (x) S 1")).isZero();
    }

    @Test
    void betweenTwoReadingsABornThreadCountsFromZeroAndAnEndedOneInNoRole() {
        Map<Long, ThreadRoles.ThreadCpu> before = Map.of(
                1L, new ThreadRoles.ThreadCpu("consumers", Duration.ofMillis(100)),
                2L, new ThreadRoles.ThreadCpu("rest", Duration.ofMillis(400)));
        Map<Long, ThreadRoles.ThreadCpu> after = Map.of(
                1L, new ThreadRoles.ThreadCpu("consumers", Duration.ofMillis(130)),
                3L, new ThreadRoles.ThreadCpu("rest", Duration.ofMillis(20)),
                4L, new ThreadRoles.ThreadCpu("jit", Duration.ofMillis(5)));

        assertThat(ThreadRoles.between(before, after)).containsExactly(
                Map.entry("consumers", Duration.ofMillis(30)), Map.entry("rest", Duration.ofMillis(20)),
                Map.entry("outbox", Duration.ZERO), Map.entry("jit", Duration.ofMillis(5)),
                Map.entry("gc and vm", Duration.ZERO), Map.entry("other", Duration.ZERO));
    }
}

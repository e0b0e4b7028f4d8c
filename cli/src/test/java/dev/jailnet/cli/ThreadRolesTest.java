package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadRolesTest {

    @Test
    void aThreadsRoleIsReadFromItsNameAsTheKernelKeepsIt() {
        assertThat(ThreadRoles.roleOf("consumer-saga-r")).isEqualTo("consumers");
        assertThat(ThreadRoles.roleOf("kafka-coordinat")).isEqualTo("consumers");
        assertThat(ThreadRoles.roleOf("executor-thread")).isEqualTo("rest");
        assertThat(ThreadRoles.roleOf("vert.x-eventloo")).isEqualTo("rest");
        assertThat(ThreadRoles.roleOf("outbox-relay")).isEqualTo("outbox");
        assertThat(ThreadRoles.roleOf("outbox-listener")).isEqualTo("outbox");
        assertThat(ThreadRoles.roleOf("kafka-producer-")).isEqualTo("outbox");
        assertThat(ThreadRoles.roleOf("C1 CompilerThre")).isEqualTo("jit");
        assertThat(ThreadRoles.roleOf("C2 CompilerThre")).isEqualTo("jit");
        assertThat(ThreadRoles.roleOf("VM Thread")).isEqualTo("gc and vm");
        assertThat(ThreadRoles.roleOf("VM Periodic Tas")).isEqualTo("gc and vm");
        assertThat(ThreadRoles.roleOf("GC Thread#0")).isEqualTo("gc and vm");
        assertThat(ThreadRoles.roleOf("saga-timer")).isEqualTo("other");
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
        Map<Long, ThreadRoles.Thread> before = Map.of(
                1L, new ThreadRoles.Thread("consumers", Duration.ofMillis(100)),
                2L, new ThreadRoles.Thread("rest", Duration.ofMillis(400)));
        Map<Long, ThreadRoles.Thread> after = Map.of(
                1L, new ThreadRoles.Thread("consumers", Duration.ofMillis(130)),
                3L, new ThreadRoles.Thread("rest", Duration.ofMillis(20)),
                4L, new ThreadRoles.Thread("jit", Duration.ofMillis(5)));

        assertThat(ThreadRoles.between(before, after)).containsExactly(
                Map.entry("consumers", Duration.ofMillis(30)), Map.entry("rest", Duration.ofMillis(20)),
                Map.entry("outbox", Duration.ZERO), Map.entry("jit", Duration.ofMillis(5)),
                Map.entry("gc and vm", Duration.ZERO), Map.entry("other", Duration.ZERO));
    }
}

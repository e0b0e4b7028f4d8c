package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchCommandTest {

    @Test
    void noRecordsOrNoCommitsIsAUsageErrorBeforeAnythingIsReached() {
        for (String[] args : new String[][] {{"--commits", "0"}, {"--records", "0"}, {"--records", "-5"}}) {
            StringWriter err = new StringWriter();
            CommandLine bench = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));

            // nothing listens on these ports: a run that went past the check would fail otherwise, and later
            assertThat(bench.execute(args[0], args[1], "--control-port", "9", "--kafka", "127.0.0.1:9"))
                    .as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).contains("--records and --commits: at least 1 each");
        }
    }
}

package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
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
}

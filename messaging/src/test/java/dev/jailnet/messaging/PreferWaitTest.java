package dev.jailnet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jailnet.problem.Rejected;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreferWaitTest {

    @Test
    void theWaitIsReadFromAnyPreferenceListAndCappedAtAMinute() {
        assertThat(PreferWait.of(List.of("wait=10"))).contains(new PreferWait(Duration.ofSeconds(10)));
        assertThat(PreferWait.of(List.of("respond-async, wait=5"))).contains(new PreferWait(Duration.ofSeconds(5)));
        assertThat(PreferWait.of(List.of("return=minimal", "Wait = 7 ; foo=bar"))).contains(new PreferWait(Duration.ofSeconds(7)));
        assertThat(PreferWait.of(List.of("wait=\"3\""))).contains(new PreferWait(Duration.ofSeconds(3)));
        assertThat(PreferWait.of(List.of("wait=0"))).contains(new PreferWait(Duration.ZERO));
        assertThat(PreferWait.of(List.of("wait=3600"))).contains(new PreferWait(PreferWait.MAX));
        assertThat(PreferWait.of(List.of("wait=2, wait=9"))).as("the first one counts")
                .contains(new PreferWait(Duration.ofSeconds(2)));
        assertThat(PreferWait.of(List.of("wait=3600")).orElseThrow().applied()).isEqualTo("wait=60");
    }

    @Test
    void withoutAWaitPreferenceNothingWaits() {
        assertThat(PreferWait.of(null)).isEmpty();
        assertThat(PreferWait.of(List.of())).isEmpty();
        assertThat(PreferWait.of(List.of("respond-async", "return=representation"))).isEmpty();
        assertThat(PreferWait.of(List.of("waiting=5"))).isEmpty();
    }

    @Test
    void aWaitThatIsNotAWholeNumberOfSecondsIsRefusedNamingTheHeader() {
        for (String value : List.of("wait", "wait=", "wait=soon", "wait=-1", "wait=1.5", "wait=10s", "wait=1e3",
                "wait=99999999999")) {
            assertThatThrownBy(() -> PreferWait.of(List.of(value))).as(value).isInstanceOfSatisfying(Rejected.class,
                    r -> {
                        assertThat(r.kind()).isEqualTo(Rejected.Kind.INVALID);
                        assertThat(r.field()).isEqualTo("Prefer");
                    });
        }
    }
}

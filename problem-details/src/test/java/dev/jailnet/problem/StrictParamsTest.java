package dev.jailnet.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class StrictParamsTest {

    @Test
    void valuesOfTheDeclaredTypePass() {
        assertThat(StrictParams.refusal(boolean.class, "true")).isNull();
        assertThat(StrictParams.refusal(Boolean.class, "false")).isNull();
        assertThat(StrictParams.refusal(int.class, "-17")).isNull();
        assertThat(StrictParams.refusal(Integer.class, "2147483647")).isNull();
        assertThat(StrictParams.refusal(long.class, "9223372036854775807")).isNull();
        assertThat(StrictParams.refusal(UUID.class, UUID.randomUUID().toString())).isNull();
        assertThat(StrictParams.refusal(TimeUnit.class, "SECONDS")).isNull();
    }

    @Test
    void othersAreRefusedSayingWhatTheParameterTakes() {
        assertThat(StrictParams.refusal(boolean.class, "maybe")).isEqualTo("must be true or false, not 'maybe'");
        assertThat(StrictParams.refusal(boolean.class, "1")).startsWith("must be true or false");
        assertThat(StrictParams.refusal(int.class, "1.5")).endsWith("not '1.5'");
        assertThat(StrictParams.refusal(int.class, "2147483648")).contains("to 2147483647");
        assertThat(StrictParams.refusal(long.class, "9223372036854775808")).startsWith("must be a whole number");
        assertThat(StrictParams.refusal(long.class, "9".repeat(5000))).startsWith("must be a whole number")
                .hasSizeLessThan(120);
        assertThat(StrictParams.refusal(UUID.class, "1-2-3-4-5")).startsWith("must be a UUID");
        assertThat(StrictParams.refusal(TimeUnit.class, "seconds"))
                .isEqualTo("must be one of NANOSECONDS, MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS,"
                        + " not 'seconds'");
    }

    @Test
    void aQueryParameterTheRequestDoesNotTakeOrOneGivenTwiceIsRefused() {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.add("limit", "5");
        StrictParams.refuseUndeclared(query, List.of("limit", "cursor"));

        query.add("limt", "5");
        assertThatThrownBy(() -> StrictParams.refuseUndeclared(query, List.of("limit", "cursor")))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.field()).isEqualTo("limt"))
                .hasMessage("unknown query parameter 'limt'; this request takes limit, cursor");
        assertThatThrownBy(() -> StrictParams.refuseUndeclared(query, List.of()))
                .hasMessageContaining("this request takes none");

        query.remove("limt");
        query.add("limit", "7");
        assertThatThrownBy(() -> StrictParams.refuseUndeclared(query, List.of("limit", "cursor")))
                .isInstanceOfSatisfying(Rejected.class, r -> assertThat(r.field()).isEqualTo("limit"))
                .hasMessage("given 2 times; a query parameter is given once");
    }
}

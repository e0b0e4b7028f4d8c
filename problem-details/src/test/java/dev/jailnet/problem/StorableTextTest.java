package dev.jailnet.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StorableTextTest {

    record Hold(String description, List<String> interfaces, Map<String, String> labels) {
    }

    private final ObjectMapper mapper = strict();

    private static ObjectMapper strict() {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);
        return mapper;
    }

    @Test
    void textWithoutNulIsReadAsSent() throws Exception {
        Hold hold = mapper.readValue("{\"description\":\"tcp 10.0.0.2:80\\tTIME_WAIT \\u00e9\",\"interfaces\":"
                + "[\"epair0b\"],\"labels\":{\"k\":\"v\"}}", Hold.class);

        assertThat(hold.description()).isEqualTo("tcp 10.0.0.2:80\tTIME_WAIT \u00e9");
        assertThat(hold.interfaces()).containsExactly("epair0b");
        assertThat(hold.labels()).containsEntry("k", "v");
    }

    @Test
    void aBodyStringWithNulIsRefusedNamingItsField() {
        assertThat(problemFor("{\"description\":\"a\\u0000b\"}")).extracting(Problem::field, Problem::detail)
                .containsExactly("description", "description: must not contain the NUL character (U+0000)");
        assertThat(problemFor("{\"interfaces\":[\"epair0b\",\"\\u0000\"]}").field()).isEqualTo("interfaces[1]");
        assertThat(problemFor("{\"labels\":{\"k\":\"v\\u0000\"}}").field()).isEqualTo("labels.k");
    }

    @Test
    void theStrictCoercionsStillHoldForText() {
        assertThatThrownBy(() -> mapper.readValue("{\"description\":12}", Hold.class))
                .isInstanceOf(JsonMappingException.class).hasMessageContaining("Cannot coerce");
    }

    @Test
    void aPathOrQueryValueWithNulIsRefusedNamingItsParameter() {
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        values.add("fib", "0");
        values.add("vnetId", "vnet1");
        StrictParams.refuseUnstorable(values);

        values.add("vnetId", "vnet\u0000");
        assertThatThrownBy(() -> StrictParams.refuseUnstorable(values)).isInstanceOfSatisfying(Rejected.class, e -> {
            assertThat(e.field()).isEqualTo("vnetId");
            assertThat(e.kind()).isEqualTo(Rejected.Kind.INVALID);
            assertThat(e.getMessage()).isEqualTo("must not contain the NUL character (U+0000)");
        });
    }

    private Problem problemFor(String body) {
        try {
            mapper.readValue(body, Hold.class);
        } catch (JsonMappingException e) {
            return (Problem) new ProblemMappers().unreadable(e, null).getEntity();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted " + body);
    }
}

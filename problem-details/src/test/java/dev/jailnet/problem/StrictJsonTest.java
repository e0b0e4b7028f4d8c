package dev.jailnet.problem;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StrictJsonTest {

    record Jail(String name, Boolean vnet) {
    }

    @Test
    void aFieldGivenTwiceIsRefusedNamingIt() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        new StrictJson().customize(mapper);

        assertThat(mapper.readValue("{\"name\":\"web\",\"vnet\":true}", Jail.class)).isEqualTo(new Jail("web", true));
        try {
            mapper.readValue("{\"name\":\"web\",\"vnet\":true,\"name\":\"db\"}", Jail.class);
            throw new AssertionError("a field given twice was accepted");
        } catch (JsonParseException e) {
            Problem problem = (Problem) new ProblemMappers().malformed(e, null).getEntity();
            assertThat(problem.field()).isEqualTo("name");
            assertThat(problem.detail()).isEqualTo("name: given twice; a field is given once");
        }
    }
}

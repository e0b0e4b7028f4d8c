package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTest {

    @Test
    void theNextPageIsTheTargetOfTheLinkWhoseRelationIsNext() {
        assertThat(Api.nextPage("<http://localhost:8081/api/jails?cursor=17&limit=2>; rel=\"next\""))
                .isEqualTo("http://localhost:8081/api/jails?cursor=17&limit=2");
        assertThat(Api.nextPage("<http://localhost:8081/api/jails?cursor=17>;rel=next")).endsWith("cursor=17");
        assertThat(Api.nextPage("<http://localhost:8081/api/jails>; rel=\"prev\"")).isNull();
    }
}

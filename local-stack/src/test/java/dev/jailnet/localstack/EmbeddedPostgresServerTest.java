package dev.jailnet.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EmbeddedPostgresServerTest {

    @Test
    void commitsAreDurable() {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(null, 0)) {
            assertThat(server.setting("synchronous_commit")).isEqualTo("on");
            assertThat(server.setting("fsync")).isEqualTo("on");
            assertThat(server.setting("full_page_writes")).isEqualTo("on");
        }
    }
}

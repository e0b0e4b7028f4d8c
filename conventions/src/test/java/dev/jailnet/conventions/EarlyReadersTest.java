package dev.jailnet.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EarlyReadersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "docker run --rm \"$JRE_IMAGE\" java -version 2>&1 | head -n 1 | sed 's/^/   /'",
            "if ! java -version 2>&1 | grep -q 'version \"17'; then",
            "ls -d usr/lib/jvm/java-17-* | head -1",
            "docker images | grep -m1 jailnet",
            "ps ax | grep -l foo",
            "cat file | sed -n '1p;q'",
            "cat file | awk '/x/ { print; exit }'",
            "x=$(find . -name '*.java' | grep --quiet Foo)",
    })
    void aReaderThatMayStopEarlyIsFound(String line) {
        assertThat(EarlyReaders.stopsEarly(line)).as(line).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "docker/ci-setup.sh || exit 1",
            "grep -v '^#' \"$CONFIG\" | sed 's/^/     /'",
            "docker image ls | grep '^jailnet-offline/' | sed 's/^/   /' || true",
            "case \"$arg\" in jre|kafka|postgres) wanted+=(\"$arg\") ;;",
            "printf '%s\\n' \"${!props[@]}\" | sort",
            "tail -n 30 \"$log\" >&2",
            "echo \"${version%%$'\\n'*}\"",
    })
    void aReaderThatReadsEverythingIsNot(String line) {
        assertThat(EarlyReaders.stopsEarly(line)).as(line).isFalse();
    }

    @Test
    void continuedLinesAndCommentsAreReadAsTheShellReadsThem() {
        String script = """
                #!/usr/bin/env bash
                set -euo pipefail
                # java -version | head -n 1 in a comment is fine
                echo "a # b" | sed 's/x/y/'
                docker run --rm image java -version 2>&1 \\
                    | head -n 1
                """;
        assertThat(EarlyReaders.turnsOnPipefail(script)).isTrue();
        assertThat(EarlyReaders.find(script)).containsExactly(
                "line 5: docker run --rm image java -version 2>&1      | head -n 1");
    }

    @Test
    void noScriptOfTheRepositoryThatTurnsOnPipefailPipesIntoAReaderThatMayStopEarly() {
        Map<String, List<String>> offences = new LinkedHashMap<>();
        int checked = 0;
        for (String path : RepositoryFiles.list()) {
            String text = RepositoryFiles.text(path);
            if (text == null || !EarlyReaders.isShellScript(path, text) || !EarlyReaders.turnsOnPipefail(text)) {
                continue;
            }
            checked++;
            List<String> found = EarlyReaders.find(text);
            if (!found.isEmpty()) {
                offences.put(path, found);
            }
        }
        assertThat(checked).as("scripts under pipefail found in " + RepositoryFiles.root()).isGreaterThan(3);
        assertThat(offences).as("under pipefail, a reader that stops early kills its writer with SIGPIPE (status"
                + " 141) and fails the pipeline: capture the output whole and look at it afterwards").isEmpty();
    }
}

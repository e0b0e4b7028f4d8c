package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class JailVerbsTest {

    /** A view as jail-service answers it: {@code parent} absent for a child of the host. */
    private static JsonNode jail(int jid, String name, Integer parent) {
        ObjectNode jail = Api.JSON.createObjectNode().put("jid", jid).put("name", name).put("state", "ALIVE");
        if (parent != null) {
            jail.put("parent", parent);
        }
        return jail;
    }

    private static List<String> shown(List<JsonNode> jails) {
        return JailVerbs.Jls.tree(jails).stream().map(JailVerbs.Jls.Line::indentedName).toList();
    }

    private static JailVerbs.Jail parsed(String... arguments) {
        JailVerbs.Jail verb = new JailVerbs.Jail();
        new CommandLine(verb).parseArgs(arguments);
        return verb;
    }

    @Test
    void eachChildFollowsItsParentDepthFirstWithSiblingsByJidAndItsNameIndentedByItsDepth() {
        List<JsonNode> byName = List.of(jail(7, "a.c", 1), jail(1, "a", null), jail(5, "web", null),
                jail(3, "a.b.c", 2), jail(2, "a.b", 1), jail(9, "a.b.d", 2), jail(4, "web.x", 5));

        assertThat(shown(byName)).containsExactly(
                "a",
                "  a.b",
                "    a.b.c",
                "    a.b.d",
                "  a.c",
                "web",
                "  web.x");
        assertThat(JailVerbs.Jls.tree(byName)).extracting(line -> line.jail().path("jid").asInt())
                .containsExactly(1, 2, 3, 9, 7, 5, 4);
    }

    @Test
    void aJailWhoseParentIsNotListedIsShownAtTheTopInJidOrderWithItsOwnChildrenUnderIt() {
        // a (jid 1) is dying, so listed only with -d; its child and grandchild are still listed without it
        List<JsonNode> withoutDying = List.of(jail(6, "b", null), jail(3, "a.b.c", 2), jail(2, "a.b", 1));

        assertThat(shown(withoutDying)).containsExactly("a.b", "  a.b.c", "b");
    }

    @Test
    void aParentOfZeroIsTheHost() {
        assertThat(shown(List.of(jail(2, "b", 0), jail(1, "a", null)))).containsExactly("a", "b");
    }

    @Test
    void noJailsNoLines() {
        assertThat(JailVerbs.Jls.tree(List.of())).isEmpty();
    }

    @Test
    void childrenMaxAndParentGoToJailServiceAndTheDottedNameAsGiven() {
        assertThat(parsed("-c", "name=a.b", "vnet", "persist", "children.max=1", "parent=a").creation())
                .containsEntry("name", "a.b").containsEntry("parent", "a").containsEntry("childrenMax", 1)
                .containsEntry("vnet", true).containsEntry("persist", true);
        assertThat(parsed("-c", "name=b", "parent=1").creation()).containsEntry("name", "b")
                .containsEntry("parent", "1");
        assertThat(parsed("-c", "name=a.b.c", "persist").creation()).containsEntry("name", "a.b.c")
                .doesNotContainKeys("parent", "childrenMax", "vnet");
        assertThat(parsed("-c", "name=a", "children.max=0").creation()).containsEntry("childrenMax", 0);
        assertThat(parsed("-c", "name=a", "children.max=2147483647").creation())
                .containsEntry("childrenMax", Integer.MAX_VALUE);
    }

    @Test
    void childrenMaxIsAWholeNumberFromZeroUp() {
        for (String value : List.of("-1", "+2", "two", "1.5", "2147483648", "99999999999", "")) {
            assertThatThrownBy(() -> parsed("-c", "name=a", "children.max=" + value).creation())
                    .as("children.max=%s", value).isInstanceOf(CommandLine.ParameterException.class)
                    .hasMessageContaining("children.max");
        }
        assertThatThrownBy(() -> parsed("-c", "name=a", "children.max").creation())
                .hasMessageContaining("children.max needs a value");
        assertThatThrownBy(() -> parsed("-c", "name=a.b", "parent=").creation())
                .hasMessageContaining("parent needs a value");
    }

    @Test
    void aBadChildrenMaxIsAUsageErrorBeforeAnythingIsSent() {
        StringWriter err = new StringWriter();
        CommandLine jail = new CommandLine(new JailVerbs.Jail()).setErr(new PrintWriter(err));

        assertThat(jail.execute("-c", "name=a", "children.max=-1", "--jail-url", "http://127.0.0.1:9")).isEqualTo(2);
        assertThat(err.toString()).contains("children.max needs a whole number from 0 up");
    }
}

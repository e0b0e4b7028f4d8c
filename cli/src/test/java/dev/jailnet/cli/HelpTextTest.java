package dev.jailnet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every verb's help is written as picocli renders it: each line is a format string, so a '%' that is not one
 * ({@code fe80::1%epair0b}) must be written {@code %%}, or {@code --help} prints a warning and the raw text.
 */
class HelpTextTest {

    @Test
    void everyLineOfEveryVerbsHelpIsAFormatString() {
        List<CommandSpec> verbs = new ArrayList<>();
        collect(new CommandLine(new Jailnet()), verbs);
        assertThat(verbs).hasSizeGreaterThan(10);
        for (CommandSpec verb : verbs) {
            Stream.of(verb.usageMessage().header(), verb.usageMessage().description(), verb.usageMessage().footer(),
                            verb.options().stream().flatMap(o -> Stream.of(o.description())).toArray(String[]::new),
                            verb.positionalParameters().stream().flatMap(p -> Stream.of(p.description()))
                                    .toArray(String[]::new))
                    .flatMap(Stream::of)
                    .forEach(line -> assertThatCode(() -> String.format(line)).as(verb.qualifiedName() + ": " + line)
                            .doesNotThrowAnyException());
        }
    }

    @Test
    void routesHelpShowsALinkLocalGatewayWithItsZone() {
        String usage = new CommandLine(new Jailnet()).getSubcommands().get("route").getUsageMessage();
        assertThat(usage).contains("fe80::1%epair0b").doesNotContain("%%");
    }

    private static void collect(CommandLine command, List<CommandSpec> verbs) {
        verbs.add(command.getCommandSpec());
        command.getSubcommands().values().forEach(sub -> collect(sub, verbs));
    }
}

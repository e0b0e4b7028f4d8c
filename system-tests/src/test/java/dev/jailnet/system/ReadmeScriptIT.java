package dev.jailnet.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.cli.Service;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The README's "Driving it" examples, run as a new user pastes them: every {@code curl} of its shell blocks, in
 * order, as one script with no pause between them, against a system of its own started afresh (the examples
 * name jid 1, vnet1, epair0a). Each answer must show what the README says it shows: the {@code "field":value}
 * pairs of a comment on the command's line or of a {@code # {...}} line right below it, and the status a command
 * prints with {@code -w '%{http_code}'}; every other answer is a success (2xx) unless the README shows an error.
 */
class ReadmeScriptIT {

    /** A {@code "name":value} pair the README shows in an answer. */
    private static final Pattern SHOWN = Pattern.compile("\"\\w+\":(\"[^\"]*\"|-?\\d+|true|false|\\[\\])");
    private static final Pattern STATUS = Pattern.compile("^(\\d{3})\\b");

    private static LocalProcesses system;

    @BeforeAll
    static void freshSystem() throws IOException {
        system = LocalProcesses.start(Files.createTempDirectory("jailnet-readme"));
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    /** One example: the command as it would be typed, and what its answer must show. */
    record Example(String command, List<String> shown, String status) {
    }

    @Test
    void theExamplesOfDrivingItGiveTheAnswersShownWhenRunAsOneScript() throws Exception {
        List<Example> examples = examples(Files.readString(LocalProcesses.home().resolve("README.md")));
        assertThat(examples).as("the README's curl examples").hasSizeGreaterThan(20);
        assertThat(examples).as("the README shows answers to check").filteredOn(e -> !e.shown().isEmpty())
                .hasSizeGreaterThan(5);
        for (Example example : examples) {
            boolean printsStatus = example.command().contains("%{http_code}");
            String output = run(printsStatus ? example.command() : example.command() + " -w '\\n%{http_code}'").strip();
            String answer = output.substring(0, Math.max(0, output.lastIndexOf('\n')));
            int status = Integer.parseInt(output.substring(output.lastIndexOf('\n') + 1).strip());
            for (String pair : example.shown()) {
                assertThat(answer).as("%s%nshows %s", example.command(), pair).contains(pair);
            }
            if (example.status() != null) {
                assertThat(Integer.toString(status)).as(example.command()).isEqualTo(example.status());
            } else if (example.shown().stream().noneMatch(pair -> pair.matches("\"status\":4\\d\\d"))) {
                assertThat(status).as("%s%n%s", example.command(), answer).isBetween(200, 299);
            }
        }
    }

    /** The curl commands of the shell blocks of "Driving it", with what the README says each answer shows. */
    static List<Example> examples(String readme) {
        String section = readme.substring(readme.indexOf("## Driving it"));
        section = section.substring(0, section.indexOf("\n## ", 3));
        List<Example> examples = new ArrayList<>();
        boolean inBlock = false;
        StringBuilder command = null;
        for (String line : section.split("\n")) {
            if (line.startsWith("```")) {
                inBlock = !inBlock;
                continue;
            }
            if (!inBlock) {
                continue;
            }
            if (command != null) {
                command.append(' ').append(line.strip());
            } else if (line.startsWith("curl ")) {
                command = new StringBuilder(line);
            } else if (line.startsWith("# {") && !examples.isEmpty()) {
                Example last = examples.remove(examples.size() - 1);
                List<String> shown = new ArrayList<>(last.shown());
                shown.addAll(pairs(line));
                examples.add(new Example(last.command(), shown, last.status()));
                continue;
            } else {
                continue;
            }
            if (command.toString().endsWith("\\")) {
                command.setLength(command.length() - 1);
                continue;
            }
            String typed = command.toString();
            command = null;
            int comment = typed.indexOf("  #");
            String code = comment < 0 ? typed : typed.substring(0, comment).strip();
            String said = comment < 0 ? "" : typed.substring(comment + 3).strip();
            Matcher status = STATUS.matcher(said);
            examples.add(new Example(code, pairs(said), code.contains("%{http_code}") && status.find()
                    ? status.group(1) : null));
        }
        return examples;
    }

    private static List<String> pairs(String shown) {
        List<String> pairs = new ArrayList<>();
        Matcher pair = SHOWN.matcher(shown);
        while (pair.find()) {
            pairs.add(pair.group());
        }
        return pairs;
    }

    /** Runs one command with bash, on this system's ports and with an operator's token in {@code $AUTH}. */
    private static String run(String command) throws Exception {
        String local = command;
        for (Service service : Service.values()) {
            local = local.replace("localhost:" + service.defaultPort(), system.url(service).replaceFirst("^https?://", ""));
        }
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", local).redirectErrorStream(true);
        builder.environment().put("AUTH", "Authorization: Bearer " + system.operatorToken());
        Process bash = builder.start();
        bash.getOutputStream().close();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).as(local).isTrue();
        assertThat(bash.exitValue()).as("%s%n%s", local, output).isZero();
        return output;
    }
}

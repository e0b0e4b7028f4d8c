package dev.jailnet.conventions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Finds, in a shell script that turns {@code pipefail} on, a pipeline whose reader may stop before the writer is
 * done: {@code head}, {@code grep -q} / {@code -m} / {@code -l}, {@code sed ...q}, {@code awk ... exit}. The writer
 * then dies of SIGPIPE (status 141), pipefail makes the pipeline fail, and {@code set -e} ends the script, but only
 * when the writer had more to write: a check that passes on one machine fails on the next.
 */
final class EarlyReaders {

    private static final Pattern PIPEFAIL = Pattern.compile("(?m)^\\s*set\\s+(-[a-zA-Z]*o\\s+pipefail|-o\\s+pipefail|.*\\bpipefail\\b)");
    private static final Pattern GREP_STOPS_EARLY = Pattern.compile(
            "^grep\\b.*(\\s-[a-zA-Z]*[qlm]|\\s--(quiet|silent|max-count|files-with-matches)\\b)");
    private static final Pattern SED_QUITS = Pattern.compile("^sed\\b.*([;'\"\\s/]|^)[0-9$]*q\\b");
    private static final Pattern AWK_EXITS = Pattern.compile("^awk\\b.*\\bexit\\b");

    private EarlyReaders() {
    }

    static boolean turnsOnPipefail(String script) {
        return PIPEFAIL.matcher(script).find();
    }

    static boolean isShellScript(String path, String text) {
        String firstLine = text.lines().findFirst().orElse("");
        return path.endsWith(".sh") || path.equals(".ci/run")
                || firstLine.startsWith("#!") && firstLine.matches("#!.*\\b(ba|da|k|z)?sh\\b.*");
    }

    /** Each offending line as "line N: text". */
    static List<String> find(String script) {
        List<String> found = new ArrayList<>();
        String[] lines = script.split("\n", -1);
        StringBuilder command = new StringBuilder();
        int first = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = withoutComment(lines[i]);
            if (command.isEmpty()) {
                first = i + 1;
            }
            if (line.endsWith("\\")) {
                command.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            command.append(line);
            if (stopsEarly(command.toString())) {
                found.add("line " + first + ": " + command.toString().strip());
            }
            command.setLength(0);
        }
        return found;
    }

    static boolean stopsEarly(String command) {
        for (String reader : readers(command)) {
            if (reader.matches("^head(\\s.*)?$") || GREP_STOPS_EARLY.matcher(reader).find()
                    || SED_QUITS.matcher(reader).find() || AWK_EXITS.matcher(reader).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The commands that read a pipe: what follows each unquoted '|' (not "||") up to the next unquoted pipe or
     * list operator (';', '&', ')').
     */
    static List<String> readers(String command) {
        List<String> readers = new ArrayList<>();
        StringBuilder reader = null;
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            boolean quoted = single || dbl;
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (!quoted && (c == '|' || c == ';' || c == '&' || c == ')')) {
                boolean orOperator = c == '|' && (i + 1 < command.length() && command.charAt(i + 1) == '|');
                if (reader != null) {
                    readers.add(reader.toString().strip());
                    reader = null;
                }
                if (orOperator) {
                    i++;
                } else if (c == '|') {
                    reader = new StringBuilder();
                }
                continue;
            }
            if (reader != null) {
                reader.append(c);
            }
        }
        if (reader != null) {
            readers.add(reader.toString().strip());
        }
        return readers;
    }

    /** The line without a comment: from a '#' that starts a word (not "$#" or "${x#y}"). */
    private static String withoutComment(String line) {
        boolean single = false;
        boolean dbl = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' && !dbl) {
                single = !single;
            } else if (c == '"' && !single) {
                dbl = !dbl;
            } else if (c == '#' && !single && !dbl && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** jail(8), jls(8) and jexec(8), as far as jailnet models them. */
final class JailVerbs {

    private JailVerbs() {
    }

    @Command(name = "jail", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create (-c), modify (-m) or remove (-r) a jail, as jail(8) does, and wait until the jail is"
                    + " ALIVE (its VNET made) or freed (its VNET shut down and destroyed)."},
            footer = {"", "Parameters of -c:",
                "  name=NAME          the jail's name (required); a.b: the child b of the jail a",
                "  parent=JAIL        the parent jail, by name or jid; without it, the host",
                "  children.max=N     how many descendants it may have (0 by default, as FreeBSD)",
                "  vnet               its own VNET (vnet=new); without it, its parent's stack",
                "  persist            kept without processes (the default here)",
                "  nopersist          dies with its last process; needs command=...",
                "  vnet.interface=IF  an interface of the parent's VNET (the host's for a jail of the",
                "                     host) loaned into its VNET (repeatable)",
                "  command=CMD        a process enters the jail (a pr_uref)",
                "  shutdown=legacy    its VNET torn down the old way, without vnet_shutdown",
                "Parameters of -m: name=NAME or jid=JID, and persist or nopersist (a jail that nothing",
                "  else keeps dies when it loses persist)",
                "", "Examples:", "  jailnet jail -c name=web vnet persist vnet.interface=epair0b", "  jailnet jail -r web",
                "  jailnet jail -c name=a vnet persist children.max=2",
                "  jailnet jail -c name=a.b persist     (a's child, in a's VNET)",
                "  jailnet jail -r a                    (a.b first: the descendants go first)",
                "  jailnet jail -m name=web nopersist   (web now dies with its last process)",
                "", "Exit status: 0 done, 1 refused or not done within a minute, 2 usage error."})
    static final class Jail extends ApiCommands.Verb {

        static final class Action {
            @Option(names = "-c", required = true, description = "Create a jail from the parameters.")
            boolean create;

            @Option(names = "-m", required = true, description = "Modify the jail the parameters name: its persist.")
            boolean modify;

            @Option(names = "-r", required = true,
                    description = "Remove the jail named by the argument (name or jid), its descendants first.")
            boolean remove;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Action action;

        @Parameters(paramLabel = "PARAM|JAIL", description = "With -c, name=value parameters; with -r, the jail.")
        List<String> arguments = new ArrayList<>();

        @Override
        void run() {
            if (action.create) {
                create();
            } else if (action.modify) {
                modify();
            } else if (arguments.size() != 1) {
                throw usage("jail -r takes one jail, by name or jid");
            } else {
                remove(arguments.get(0));
            }
        }

        private void create() {
            Api.Written created = Api.write("POST", endpoints.jail + "/api/jails", creation());
            JsonNode jail = created.body();
            if (!created.settled()) {
                throw notDone(jail.path("name").asText() + ": created (jid " + jail.path("jid").asInt()
                        + "), but its VNET " + jail.path("vnetId").asText() + " is not ALIVE yet: jailnet jls -v");
            }
            System.out.printf("%s: created (jid %d, %s%s)%n", jail.path("name").asText(), jail.path("jid").asInt(),
                    jail.path("vnetId").asText(), jail.path("state").asText().equals("ALIVE") ? ""
                            : ", " + jail.path("state").asText());
        }

        /**
         * The body of {@code POST /api/jails} that the parameters of {@code -c} ask for; a usage error for one it
         * cannot be. The name goes as given: jail-service resolves {@code a.b} to its parent, as the kernel does.
         */
        Map<String, Object> creation() {
            Map<String, Object> body = new LinkedHashMap<>();
            List<String> interfaces = new ArrayList<>();
            body.put("persist", true);
            for (String parameter : arguments) {
                String[] pair = parameter.split("=", 2);
                String value = pair.length == 2 ? pair[1] : null;
                switch (pair[0]) {
                    case "name" -> body.put("name", required(pair[0], value));
                    case "vnet" -> body.put("vnet", value == null || value.equals("new"));
                    case "persist" -> body.put("persist", true);
                    case "nopersist" -> body.put("persist", false);
                    case "vnet.interface" -> interfaces.add(required(pair[0], value));
                    case "command", "exec.start" -> body.put("attach", true);
                    case "shutdown" -> body.put("shutdown", required(pair[0], value));
                    case "parent" -> body.put("parent", required(pair[0], value));
                    case "children.max" -> body.put("childrenMax", count(pair[0], value));
                    default -> throw usage("unknown parameter " + pair[0] + " (jailnet jail --help lists them)");
                }
            }
            if (!body.containsKey("name")) {
                throw usage("jail -c needs name=NAME");
            }
            if (!interfaces.isEmpty()) {
                body.put("interfaces", interfaces);
            }
            return body;
        }

        /** {@code jail -m}: the jail by {@code name=} or {@code jid=}, and {@code persist} or {@code nopersist}. */
        private void modify() {
            String jail = null;
            Boolean persist = null;
            for (String parameter : arguments) {
                String[] pair = parameter.split("=", 2);
                String value = pair.length == 2 ? pair[1] : null;
                switch (pair[0]) {
                    case "name", "jid" -> jail = required(pair[0], value);
                    case "persist" -> persist = true;
                    case "nopersist" -> persist = false;
                    default -> throw usage("jail -m changes persist here, not " + pair[0]
                            + " (jailnet jail --help lists its parameters)");
                }
            }
            if (jail == null || persist == null) {
                throw usage("jail -m needs the jail (name=NAME or jid=JID) and persist or nopersist");
            }
            JsonNode modified = Api.write(persist ? "PUT" : "DELETE", endpoints.jail + "/api/jails/" + jail
                    + "/persist", null).body();
            System.out.printf("%s: %s%s%n", modified.path("name").asText(), persist ? "persist" : "nopersist",
                    modified.path("state").asText().equals("DYING") ? "; dying: nothing else kept it" : "");
        }

        private void remove(String jail) {
            Api.Written removed = Api.write("DELETE", endpoints.jail + "/api/jails/" + jail, null);
            if (removed.settled()) {
                System.out.printf("%s: removed%n", jail);
                return;
            }
            JsonNode left = removed.body();
            List<String> holds = new ArrayList<>();
            left.path("holds").forEach(hold -> holds.add("hold " + hold.path("id").asLong() + " ("
                    + hold.path("description").asText() + ")"));
            // children.cur counts the dying descendants until they are freed: a parent waits for them (one held,
            // or its VNET not yet shut down) before its own VNET goes
            int descendants = left.path("childrenCur").asInt();
            System.out.printf("%s: removed; dying, %s%n", jail, !holds.isEmpty() ? "held by " + String.join(", ", holds)
                    : descendants > 0 ? "its descendants not all freed yet (children.cur " + descendants
                            + ": jailnet jls -dv)"
                    : "its VNET " + left.path("vnetId").asText() + " still being torn down (jailnet jls -d)");
        }

        private String required(String parameter, String value) {
            if (value == null || value.isEmpty()) {
                throw usage(parameter + " needs a value: " + parameter + "=...");
            }
            return value;
        }

        /** A count such as children.max: a whole number from 0 up, without a sign, that fits an int. */
        private int count(String parameter, String value) {
            String digits = required(parameter, value);
            if (!digits.matches("\\d{1,10}") || Long.parseLong(digits) > Integer.MAX_VALUE) {
                throw usage(parameter + " needs a whole number from 0 up: " + parameter + "=N, not " + digits);
            }
            return Integer.parseInt(digits);
        }
    }

    @Command(name = "jls", mixinStandardHelpOptions = true,
            description = {"List jails, as jls(8) does, as a tree: each jail after its parent, its name indented by"
                    + " its depth; a jail whose parent is not listed (a dying one, without -d) at the left."},
            footer = {"", "Exit status: 0 done, 1 the system refused or cannot be reached, 2 usage error."})
    static final class Jls extends ApiCommands.Verb {
        private static final int NAME_WIDTH = 20;

        @Option(names = "-d", description = "Include dying jails.")
        boolean dying;

        @Option(names = "-v", description = "Verbose: persistence, processes, holds, the parent's jid (0: the host),"
                + " children.cur and children.max, and why a jail is dying.")
        boolean verbose;

        @Option(names = "-j", paramLabel = "JAIL", description = "Only this jail, by name or jid (a dying one with -d).")
        String only;

        /** A jail in jls's order, {@code depth} levels below the top of the list. */
        record Line(JsonNode jail, int depth) {
            String indentedName() {
                return "  ".repeat(depth) + jail.path("name").asText();
            }
        }

        @Override
        void run() {
            List<Line> lines = tree(only != null
                    ? List.of(Api.get(endpoints.jail + "/api/jails/" + only + (dying ? "?dying=true" : "")))
                    : Api.list(endpoints.jail + "/api/jails" + (dying ? "?dying=true" : "")));
            int width = lines.stream().mapToInt(line -> line.indentedName().length()).max().orElse(0);
            String name = "%-" + Math.max(NAME_WIDTH, width) + "s";
            System.out.printf("%6s  " + name + " %-8s %-10s %6s %5s%s%n", "JID", "NAME", "STATE", "VNET", "UREFS",
                    "REFS", verbose ? "  PERSIST PROCESSES HOLDS   PARENT CHILDREN REASON" : "");
            for (Line line : lines) {
                JsonNode jail = line.jail();
                System.out.printf("%6d  " + name + " %-8s %-10s %6d %5d", jail.path("jid").asInt(), line.indentedName(),
                        jail.path("state").asText(), jail.path("vnetId").asText(), jail.path("userRefs").asInt(),
                        jail.path("refs").asInt());
                if (verbose) {
                    System.out.printf("  %-7s %-9s %-7d %-6d %-8s %s", jail.path("persist").asBoolean() ? "yes" : "no",
                            jail.path("processes").toString(), jail.path("holds").size(), jail.path("parent").asInt(),
                            jail.path("childrenCur").asInt() + "/" + jail.path("childrenMax").asInt(),
                            jail.path("reason").asText("") + (jail.hasNonNull("removedBy")
                                    ? " (by " + jail.path("removedBy").asText() + ")" : ""));
                }
                System.out.println();
            }
        }

        /**
         * The jails depth first, each child after its parent and siblings by jid. A jail whose parent is not among
         * them (a child of the host, or of a jail not listed: a dying one without -d) is at the top: the list still
         * shows every jail it was given, once.
         */
        static List<Line> tree(List<JsonNode> jails) {
            Map<Integer, JsonNode> byJid = new HashMap<>();
            jails.forEach(jail -> byJid.put(jail.path("jid").asInt(), jail));
            Map<Integer, List<JsonNode>> children = new HashMap<>();
            List<JsonNode> tops = new ArrayList<>();
            byJid.values().stream().sorted(Comparator.comparingInt(jail -> jail.path("jid").asInt())).forEach(jail -> {
                int parent = jail.path("parent").asInt();
                if (byJid.containsKey(parent)) {
                    children.computeIfAbsent(parent, jid -> new ArrayList<>()).add(jail);
                } else {
                    tops.add(jail);
                }
            });
            List<Line> lines = new ArrayList<>();
            tops.forEach(top -> descend(top, 0, children, lines));
            return lines;
        }

        private static void descend(JsonNode jail, int depth, Map<Integer, List<JsonNode>> children, List<Line> lines) {
            lines.add(new Line(jail, depth));
            children.getOrDefault(jail.path("jid").asInt(), List.of())
                    .forEach(child -> descend(child, depth + 1, children, lines));
        }
    }

    @Command(name = "jexec", mixinStandardHelpOptions = true,
            description = {"Start a process in a jail, as jexec(8) does, and print its pid: it holds a user reference "
                    + "(pr_uref) until it ends. With -x PID, end that process. With a command (ifconfig, route or "
                    + "netstat and their words), run it in the jail's VNET, as the command's -j JAIL does."},
            footer = {"", "  jailnet jexec web                          a process in web: its pid",
                "  jailnet jexec -x 1000 web                  it exits",
                "  jailnet jexec web ifconfig epair0b 10.0.0.2/24 up",
                "  jailnet jexec web route add default 10.0.0.1",
                "", "Exit status: 0 done, 1 refused, 2 usage error (a command's own, when one is run)."})
    static final class Jexec extends ApiCommands.Verb {
        /** The verbs that act in a jail's VNET with -j JAIL. */
        static final Set<String> IN_JAIL = Set.of("ifconfig", "route", "netstat");

        @Option(names = "-x", paramLabel = "PID", description = "End the process PID instead of starting one.")
        Integer exit;

        @Parameters(index = "0", paramLabel = "JAIL", description = "The jail, by name or jid.")
        String jail;

        @Parameters(index = "1..*", paramLabel = "COMMAND", description = "ifconfig, route or netstat and their words,"
                + " run in the jail's VNET (every word after JAIL is the command's).")
        List<String> command = new ArrayList<>();

        @Override
        int execute() {
            if (command.isEmpty()) {
                return super.execute();
            }
            if (!IN_JAIL.contains(command.get(0)) || exit != null) {
                throw usage("jexec runs ifconfig, route or netstat in a jail, not '" + String.join(" ", command)
                        + "'" + (exit != null ? " with -x" : ""));
            }
            List<String> inJail = new ArrayList<>(List.of(command.get(0), "-j", jail, "--jail-url=" + endpoints.jail,
                    "--vnet-url=" + endpoints.vnet, "--ifnet-url=" + endpoints.ifnet,
                    "--routing-url=" + endpoints.routing));
            inJail.addAll(command.subList(1, command.size()));
            return Jailnet.commandLine().execute(inJail.toArray(String[]::new));
        }

        @Override
        void run() {
            if (exit == null) {
                System.out.println(Api.write("POST", endpoints.jail + "/api/jails/" + jail + "/processes", null).body()
                        .path("pid").asInt());
            } else {
                Api.write("DELETE", endpoints.jail + "/api/jails/" + jail + "/processes/" + exit, null);
            }
        }
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** jail(8), jls(8) and jexec(8), as far as jailnet models them. */
final class JailVerbs {

    private JailVerbs() {
    }

    @Command(name = "jail", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Create (-c) or remove (-r) a jail, as jail(8) does, and wait until the jail is ALIVE (its VNET"
                    + " made) or freed (its VNET shut down and destroyed)."},
            footer = {"", "Parameters of -c:",
                "  name=NAME          the jail's name (required)",
                "  vnet               its own VNET (vnet=new); without it, the host's stack",
                "  persist            kept without processes (the default here)",
                "  nopersist          dies with its last process; needs command=...",
                "  vnet.interface=IF  a host interface loaned into its VNET (repeatable)",
                "  command=CMD        a process enters the jail (a pr_uref)",
                "  shutdown=legacy    its VNET torn down the old way, without vnet_shutdown",
                "", "Examples:", "  jailnet jail -c name=web vnet persist vnet.interface=epair0b", "  jailnet jail -r web",
                "", "Exit status: 0 done, 1 refused or not done within a minute, 2 usage error."})
    static final class Jail extends ApiCommands.Verb {

        static final class Action {
            @Option(names = "-c", required = true, description = "Create a jail from the parameters.")
            boolean create;

            @Option(names = "-r", required = true, description = "Remove the jail named by the argument (name or jid).")
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
            } else if (arguments.size() != 1) {
                throw usage("jail -r takes one jail, by name or jid");
            } else {
                remove(arguments.get(0));
            }
        }

        private void create() {
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
                    default -> throw usage("unknown parameter " + pair[0] + " (jailnet jail --help lists them)");
                }
            }
            if (!body.containsKey("name")) {
                throw usage("jail -c needs name=NAME");
            }
            if (!interfaces.isEmpty()) {
                body.put("interfaces", interfaces);
            }
            Api.Written created = Api.write("POST", endpoints.jail + "/api/jails", body);
            JsonNode jail = created.body();
            if (!created.settled()) {
                throw notDone(jail.path("name").asText() + ": created (jid " + jail.path("jid").asInt()
                        + "), but its VNET " + jail.path("vnetId").asText() + " is not ALIVE yet: jailnet jls -v");
            }
            System.out.printf("%s: created (jid %d, %s%s)%n", jail.path("name").asText(), jail.path("jid").asInt(),
                    jail.path("vnetId").asText(), jail.path("state").asText().equals("ALIVE") ? ""
                            : ", " + jail.path("state").asText());
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
            System.out.printf("%s: removed; dying, %s%n", jail, holds.isEmpty()
                    ? "its VNET " + left.path("vnetId").asText() + " still being torn down (jailnet jls -d)"
                    : "held by " + String.join(", ", holds));
        }

        private String required(String parameter, String value) {
            if (value == null || value.isEmpty()) {
                throw usage(parameter + " needs a value: " + parameter + "=...");
            }
            return value;
        }
    }

    @Command(name = "jls", mixinStandardHelpOptions = true, description = "List jails, as jls(8) does.",
            footer = {"", "Exit status: 0 done, 1 the system refused or cannot be reached, 2 usage error."})
    static final class Jls extends ApiCommands.Verb {
        @Option(names = "-d", description = "Include dying jails.")
        boolean dying;

        @Option(names = "-v", description = "Verbose: persistence, processes, holds, and why a jail is dying.")
        boolean verbose;

        @Override
        void run() {
            System.out.printf("%6s  %-20s %-8s %-10s %6s %5s%s%n", "JID", "NAME", "STATE", "VNET", "UREFS", "REFS",
                    verbose ? "  PERSIST PROCESSES HOLDS   REASON" : "");
            for (JsonNode jail : Api.list(endpoints.jail + "/api/jails" + (dying ? "?dying=true" : ""))) {
                System.out.printf("%6d  %-20s %-8s %-10s %6d %5d", jail.path("jid").asInt(), jail.path("name").asText(),
                        jail.path("state").asText(), jail.path("vnetId").asText(), jail.path("userRefs").asInt(),
                        jail.path("refs").asInt());
                if (verbose) {
                    System.out.printf("  %-7s %-9s %-7d %s", jail.path("persist").asBoolean() ? "yes" : "no",
                            jail.path("processes").toString(), jail.path("holds").size(),
                            jail.path("reason").asText("") + (jail.hasNonNull("removedBy")
                                    ? " (by " + jail.path("removedBy").asText() + ")" : ""));
                }
                System.out.println();
            }
        }
    }

    @Command(name = "jexec", mixinStandardHelpOptions = true,
            description = {"Start a process in a jail, as jexec(8) does, and print its pid: it holds a user reference "
                    + "(pr_uref) until it ends. With -x PID, end that process."},
            footer = {"", "Exit status: 0 done, 1 refused, 2 usage error."})
    static final class Jexec extends ApiCommands.Verb {
        @Option(names = "-x", paramLabel = "PID", description = "End the process PID instead of starting one.")
        Integer exit;

        @Parameters(paramLabel = "JAIL", description = "The jail, by name or jid.")
        String jail;

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

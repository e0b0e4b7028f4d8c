package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** route(8) and {@code netstat -r} in a jail's VNET. */
final class RouteVerbs {

    private RouteVerbs() {
    }

    @Command(name = "route", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Add, change, delete or look up a route in a jail's VNET (-j), or the host's, as route(8)"
                    + " does."},
            footer = {"", "Forms:",
                "  route [-j JAIL] add [-inet6] [-net|-host] DEST GATEWAY [-interface IF] [-fib N]",
                "  route [-j JAIL] add [-inet6] [-net|-host] DEST -interface IF [-fib N]   out of IF, no gateway",
                "  route [-j JAIL] change [-inet6] [-net|-host] DEST GATEWAY|-interface IF [-fib N]",
                "  route [-j JAIL] delete [-inet6] [-net|-host] DEST [-fib N]",
                "  route [-j JAIL] get DEST [-fib N]          the route a packet to DEST takes",
                "DEST: default, 10.1.0.0/24, 10.0.0.7 (with -host), 2001:db8::/32",
                "GATEWAY: 10.0.0.1, 2001:db8::1, fe80::1%%epair0b (a link-local one names its link)",
                "", "Exit status: 0 done, 1 refused (no such route, gateway unreachable),",
                "2 usage error."})
    static final class Route extends ApiCommands.Verb {
        @Mixin
        ApiCommands.InJail in = new ApiCommands.InJail();

        @Option(names = "-net", description = "DEST is a network (as route(8) accepts; the prefix says it too).")
        boolean net;

        @Option(names = "-host", description = "DEST is a host.")
        boolean host;

        @Option(names = {"-inet6", "-6"}, description = "IPv6: default is ::/0 (the addresses say the family"
                + " otherwise).")
        boolean inet6;

        @Option(names = {"-inet", "-4"}, description = "IPv4, the default.")
        boolean inet;

        @Option(names = "-fib", paramLabel = "N", description = "The fib to act in, below net.fibs (default: 0), as"
                + " route(8)'s -fib modifier; it may follow the other words.")
        Integer fib;

        @Option(names = "-interface", paramLabel = "IF", description = "add and change: the route leaves by IF;"
                + " without a GATEWAY it goes straight out of IF (an interface route), with one IF is the link the"
                + " gateway is on.")
        String interfaceName;

        @Parameters(paramLabel = "WORD", description = "add, change, delete or get, and their arguments.")
        List<String> words = new ArrayList<>();

        @Override
        void run() {
            String vnet = vnetIn(in);
            String base = endpoints.routing + "/api/vnets/" + vnet;
            String command = words.isEmpty() ? "" : words.get(0);
            String inFib = fib == null ? "" : "&fib=" + fib;
            if ((command.equals("add") || command.equals("change"))
                    && (words.size() == 3 || words.size() == 2 && interfaceName != null)) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("destination", destination(words.get(1)));
                String gateway = words.size() == 3 ? words.get(2) : interfaceName;
                if (words.size() == 3) {
                    body.put("gateway", gateway);
                }
                if (interfaceName != null) {
                    body.put("interface", interfaceName);
                }
                if (fib != null) {
                    body.put("fib", fib);
                }
                JsonNode route = Api.write(command.equals("add") ? "POST" : "PUT", base + "/routes", body).body();
                String destination = route.path("destination").asText();
                System.out.printf("%s %s %s: gateway %s%s%n", command, kind(destination), destination,
                        gateway, fib == null ? "" : " fib " + fib);
            } else if (command.equals("delete") && words.size() == 2) {
                String destination = destination(words.get(1));
                Api.write("DELETE", base + "/routes?destination=" + query(destination) + inFib, null);
                System.out.printf("delete %s %s%s%n", kind(destination), words.get(1), fib == null ? "" : " fib " + fib);
            } else if (command.equals("get") && words.size() == 2) {
                JsonNode route = Api.get(base + "/lookup?destination=" + query(words.get(1)) + inFib);
                System.out.printf("   route to: %s%ndestination: %s%n    gateway: %s%n        fib: %d%n  interface: %s%n"
                                + "      flags: <%s>%n", words.get(1), route.path("destination").asText(),
                        route.path("gateway").asText(), route.path("fib").asInt(), route.path("interface").asText(),
                        route.path("flags").asText());
            } else {
                throw usage("cannot read 'route " + String.join(" ", words) + "' (jailnet route --help lists the forms)");
            }
        }

        /** "host" for a route to one address (a /32, a /128, an address without a length and without -net). */
        private String kind(String destination) {
            boolean bare = !destination.contains("/") && !destination.equals("default");
            return destination.endsWith(destination.contains(":") ? "/128" : "/32") || bare && !net ? "host" : "net";
        }

        /**
         * {@code -host 10.0.0.7} is {@code 10.0.0.7/32}; {@code -inet6 default} is {@code ::/0}; a prefix or
         * {@code default} is as given.
         */
        private String destination(String word) {
            if (inet6 && inet) {
                throw usage("-inet and -inet6 cannot be given together");
            }
            if (word.equals("default")) {
                return inet6 ? "::/0" : word;
            }
            return host && !word.contains("/") ? word + (word.contains(":") ? "/128" : "/32") : word;
        }
    }

    @Command(name = "netstat", mixinStandardHelpOptions = true,
            description = {"Show the routing tables of a jail's VNET (-j), or the host's, as netstat -rn does."},
            footer = {"", "Exit status: 0 done, 1 the system refused or cannot be reached, 2 usage error."})
    static final class Netstat extends ApiCommands.Verb {
        @Mixin
        ApiCommands.InJail in = new ApiCommands.InJail();

        @Option(names = "-r", required = true, description = "The routing tables (the one view this netstat has).")
        boolean routes;

        @Option(names = "-n", description = "Numeric addresses (always: there are no names to resolve).")
        boolean numeric;

        @Option(names = "-f", paramLabel = "FAMILY", description = "inet or inet6 (default: both).")
        String family;

        @Option(names = "-F", paramLabel = "FIB", defaultValue = "0", description = "The fib (default: ${DEFAULT-VALUE}).")
        int fib;

        @Override
        void run() {
            String vnet = vnetIn(in);
            if (family != null && !family.equals("inet") && !family.equals("inet6")) {
                throw usage("-f takes inet or inet6, not " + family);
            }
            // read whole before anything is printed: a fib that does not exist is an error, not an empty table
            Map<String, List<JsonNode>> tables = new LinkedHashMap<>();
            for (String shown : family == null ? List.of("inet", "inet6") : List.of(family)) {
                tables.put(shown, Api.list(endpoints.routing + "/api/vnets/" + vnet + "/routes?fib=" + fib
                        + "&family=" + shown));
            }
            System.out.println("Routing tables" + (fib == 0 ? "" : " (fib: " + fib + ")"));
            tables.forEach((shown, routes) -> {
                System.out.printf("%n%s:%n%-20s %-20s %-6s %s%n", shown.equals("inet") ? "Internet" : "Internet6",
                        "Destination", "Gateway", "Flags", "Netif");
                for (JsonNode route : routes) {
                    System.out.printf("%-20s %-20s %-6s %s%n", route.path("destination").asText(),
                            route.path("gateway").asText(), route.path("flags").asText(), route.path("interface").asText());
                }
            });
        }
    }

    private static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

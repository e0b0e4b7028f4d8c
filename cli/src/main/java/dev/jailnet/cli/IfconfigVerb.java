package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** ifconfig(8) in a jail's VNET: show, clone and destroy interfaces, addresses, loans, tunnels. */
@Command(name = "ifconfig", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Configure the interfaces of a jail's VNET (-j), or of the host's, as ifconfig(8) does. A change "
                + "that routing must apply (an address, a tunnel) returns once routing has applied it."},
        footer = {"", "Forms:",
            "  ifconfig [-j JAIL] [-a | IF]             every interface, or one",
            "  ifconfig [-j JAIL] epair|gif|lo create   clone one (epair5 create: unit 5)",
            "  ifconfig [-j JAIL] IF destroy",
            "  ifconfig [-j JAIL] IF up|down            set or clear IFF_UP (a moved interface arrives down)",
            "  ifconfig [-j JAIL] IF inet ADDR/LEN      set the address (replaces IF's first; inet may be left out)",
            "  ifconfig [-j JAIL] IF inet ADDR/LEN alias   add another (or: add)",
            "  ifconfig [-j JAIL] IF inet6 ADDR/LEN     add an IPv6 address (alias or not)",
            "  ifconfig [-j JAIL] IF inet ADDR -alias   remove it (or: delete, remove; inet6)",
            "  ifconfig [-j JAIL] IF vnet JAIL2         loan IF into JAIL2's VNET (JAIL2 below JAIL)",
            "  ifconfig [-j JAIL] IF -vnet JAIL2        take it back from JAIL2 into JAIL's VNET",
            "  ifconfig [-j JAIL] IF tunnel SRC DST [tunnelfib N]",
            "  ifconfig [-j JAIL] IF -tunnel            remove the tunnel's endpoints",
            "A form that changes IF may end with up or down (ifconfig epair0b 10.0.0.2/24 up).",
            "", "JAIL is a jail's name or jid; a VNET's id (vnet0) is taken too.",
            "", "Exit status: 0 done, 1 refused or not done within a minute, 2 usage error."})
final class IfconfigVerb extends ApiCommands.Verb {

    private static final Set<String> FAMILIES = Set.of("inet", "inet6");
    /** The words after an address: add it beside the others ({@code alias}, {@code add}), or remove it. */
    private static final Set<String> ALIAS = Set.of("alias", "add", "delete", "remove");
    private static final Set<String> REMOVE = Set.of("delete", "remove");
    private static final Set<String> FLAGS = Set.of("up", "down");
    /** What ifconfig(8) reads as an IPv4 address when no family is named: inet is its default. */
    private static final Pattern INET = Pattern.compile("[0-9.]+(/[0-9]+)?");

    @Mixin
    ApiCommands.InJail in = new ApiCommands.InJail();

    @Option(names = "-a", description = "Every interface (as without words).")
    boolean all;

    @Option(names = "-alias", description = "Remove the address given with inet or inet6 (as delete does).")
    boolean removeAddress;

    @Option(names = "-vnet", paramLabel = "JAIL2", description = "Take the interface back from JAIL2's VNET.")
    String reclaimFrom;

    @Option(names = "-tunnel", description = "Remove the tunnel's endpoints.")
    boolean removeTunnel;

    @Parameters(paramLabel = "WORD", description = "The interface and what to do with it (see the forms below).")
    List<String> words = new ArrayList<>();

    @Override
    void run() {
        String vnet = vnetIn(in);
        String interfaces = endpoints.ifnet + "/api/vnets/" + vnet + "/interfaces";
        if (words.isEmpty()) {
            Api.list(interfaces).forEach(IfconfigVerb::print);
            return;
        }
        String typed = String.join(" ", words);
        if (all) {
            throw usage("ifconfig -a shows every interface; it takes no interface (" + typed + ")");
        }
        String name = words.get(0);
        if (words.size() > 1 && INET.matcher(words.get(1)).matches()) {
            words.add(1, "inet");
        }
        // "up" or "down" after a form is a second change to the interface, made once the first is done
        boolean options = reclaimFrom != null || removeTunnel;
        String flag = words.size() > (options ? 1 : 2) && FLAGS.contains(words.get(words.size() - 1))
                ? words.remove(words.size() - 1) : null;
        String verb = words.size() > 1 ? words.get(1) : "";
        if (flag != null && !options && (verb.equals("destroy") || verb.equals("vnet"))) {
            throw usage("cannot read 'ifconfig " + typed + "': after " + verb + ", " + name
                    + " is not in this VNET to bring " + flag);
        }
        String changed = name;
        if (reclaimFrom != null) {
            Api.write("POST", interfaces + "/" + name + "/reclaim", Map.of("vnet", vnetOf(reclaimFrom)));
        } else if (removeTunnel) {
            Api.write("DELETE", interfaces + "/" + name + "/tunnel", null);
        } else if (words.size() == 1) {
            print(Api.get(interfaces + "/" + name));
        } else if (FLAGS.contains(verb) && words.size() == 2) {
            flag = verb;
        } else if (verb.equals("create") && words.size() == 2) {
            changed = create(interfaces, name);
        } else if (verb.equals("destroy") && words.size() == 2) {
            Api.write("DELETE", interfaces + "/" + name, null);
        } else if (FAMILIES.contains(verb) && (words.size() == 3 || words.size() == 4 && ALIAS.contains(words.get(3)))) {
            address(interfaces + "/" + name, verb, words.get(2), words.size() == 4 ? words.get(3) : "");
        } else if (verb.equals("vnet") && words.size() == 3) {
            Api.write("POST", interfaces + "/" + name + "/vnet", Map.of("vnet", vnetOf(words.get(2))));
        } else if (verb.equals("tunnel") && (words.size() == 4 || words.size() == 6 && words.get(4).equals("tunnelfib"))) {
            tunnel(interfaces + "/" + name + "/tunnel");
        } else {
            throw usage("cannot read 'ifconfig " + typed + "' (jailnet ifconfig --help lists the forms)");
        }
        if (flag != null) {
            Api.write(flag.equals("up") ? "PUT" : "DELETE", interfaces + "/" + changed + "/up", null);
        }
    }

    /** {@code epair create} picks the unit; {@code epair5 create} asks for one. Returns the name it was given. */
    private String create(String interfaces, String word) {
        String cloner = word.replaceAll("[0-9]+$", "");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cloner", cloner);
        if (!cloner.equals(word)) {
            body.put("name", word);
        }
        String created = Api.write("POST", interfaces, body).body().path("name").asText();
        System.out.println(created);
        return created;
    }

    /**
     * An address added or removed, as ifconfig(8) reads its words: without {@code alias}, an inet address replaces
     * the interface's first one (ifconfig removes it first, {@code SIOCDIFADDR}); an inet6 address is always added.
     */
    private void address(String ifp, String family, String address, String keyword) {
        boolean inet6 = address.contains(":");
        if (inet6 != family.equals("inet6")) {
            throw usage(address + " is not an " + (inet6 ? "IPv4" : "IPv6") + " address (" + family + " takes "
                    + (inet6 ? "IPv4" : "IPv6") + " ones; " + (inet6 ? "inet6" : "inet") + " this one)");
        }
        String addresses = ifp + "/addresses";
        if (removeAddress || REMOVE.contains(keyword)) {
            Api.write("DELETE", addresses + "/" + pathSegment(address), null);
            return;
        }
        if (!inet6 && keyword.isEmpty()) {
            for (JsonNode present : Api.get(ifp).path("addresses")) {
                if (!present.asText().contains(":")) {
                    Api.write("DELETE", addresses + "/" + pathSegment(present.asText()), null);
                    break;
                }
            }
        }
        if (!Api.write("POST", addresses, Map.of("address", address)).settled()) {
            throw notDone(address + " is on " + words.get(0) + ", but routing has not added its routes yet");
        }
    }

    private void tunnel(String url) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("source", words.get(2));
        body.put("destination", words.get(3));
        if (words.size() == 6) {
            body.put("fib", parseFib(words.get(5)));
        }
        Api.Written set = Api.write("PUT", url, body);
        if (!set.settled()) {
            throw notDone(words.get(0) + "'s endpoints are set, but routing has not resolved its route cache yet");
        }
        print(set.body());
    }

    private int parseFib(String fib) {
        try {
            return Integer.parseInt(fib);
        } catch (NumberFormatException e) {
            throw usage("tunnelfib takes a number, not " + fib);
        }
    }

    /** As ifconfig(8) prints an interface, with where it lives and who holds it. */
    static void print(JsonNode ifp) {
        System.out.printf("%s: flags=<%s> mtu %d index %d%n", ifp.path("name").asText(),
                String.join(",", Api.JSON.convertValue(ifp.path("flags"), String[].class)), ifp.path("mtu").asInt(),
                ifp.path("index").asInt());
        ifp.path("addresses").forEach(address -> System.out.printf("\t%s %s%n",
                address.asText().contains(":") ? "inet6" : "inet", address.asText()));
        JsonNode tunnel = ifp.path("tunnel");
        if (!tunnel.isMissingNode()) {
            JsonNode cache = tunnel.path("cache");
            System.out.printf("\ttunnel %s %s --> %s tunnelfib %d%s%n",
                    tunnel.path("source").asText().contains(":") ? "inet6" : "inet", tunnel.path("source").asText(),
                    tunnel.path("destination").asText(), tunnel.path("fib").asInt(), cache.isMissingNode()
                            ? (tunnel.path("resolved").asBoolean() ? " (no route)" : " (resolving)")
                            : " (nhop " + cache.path("nhopId").asLong() + " via " + cache.path("egress").asText()
                                    + (cache.hasNonNull("gateway") ? " gw " + cache.path("gateway").asText() : "") + ")");
        }
        System.out.printf("\t%s home %s%s refcount %d%s%n", ifp.path("kind").asText().toLowerCase(),
                ifp.path("homeVnet").asText(), ifp.hasNonNull("peer") ? " peer " + ifp.path("peer").asText() : "",
                ifp.path("refcount").asInt(), ifp.path("state").asText().equals("ATTACHED") ? ""
                        : " " + ifp.path("state").asText().toLowerCase());
    }

    /** An address without its prefix length, as a path segment: a link-local one's '%' written as {@code %25}. */
    private static String pathSegment(String address) {
        return address.replaceAll("/.*$", "").replace("%", "%25");
    }
}

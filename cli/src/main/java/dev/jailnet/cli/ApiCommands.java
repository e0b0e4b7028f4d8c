package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The verbs that drive a running system over REST, named as FreeBSD names them. */
final class ApiCommands {

    private ApiCommands() {
    }

    /** Where the services are; the defaults are those of {@code jailnet up}. */
    static final class Endpoints {
        @Option(names = "--jail-url", defaultValue = "${env:JAILNET_JAIL_URL:-http://localhost:8081}",
                description = "jail-service (default: ${DEFAULT-VALUE}).")
        String jail;

        @Option(names = "--vnet-url", defaultValue = "${env:JAILNET_VNET_URL:-http://localhost:8082}",
                description = "vnet-service (default: ${DEFAULT-VALUE}).")
        String vnet;

        @Option(names = "--ifnet-url", defaultValue = "${env:JAILNET_IFNET_URL:-http://localhost:8083}",
                description = "ifnet-service (default: ${DEFAULT-VALUE}).")
        String ifnet;

        @Option(names = "--routing-url", defaultValue = "${env:JAILNET_ROUTING_URL:-http://localhost:8084}",
                description = "routing-service (default: ${DEFAULT-VALUE}).")
        String routing;
    }

    /** {@code -j JAIL}: the jail whose VNET a verb acts in, as FreeBSD's tools take it; the host's without it. */
    static final class InJail {
        @Option(names = "-j", paramLabel = "JAIL",
                description = "The jail whose VNET to act in, by name or jid (default: the host's).")
        String jail;
    }

    /**
     * A verb: 0 when done, 1 when the system refused it (the problem's detail and field on stderr), could not be
     * reached, or did not finish within the wait; picocli answers a usage error with 2, as FreeBSD's tools do.
     */
    abstract static class Verb implements Callable<Integer> {
        @Mixin
        Endpoints endpoints = new Endpoints();

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            try {
                return execute();
            } catch (Api.ApiException e) {
                System.err.println("jailnet " + spec.name() + ": " + e.getMessage());
                return 1;
            }
        }

        /** The verb's exit status: 0 once it ran, unless it runs another verb and answers with that one's. */
        int execute() {
            run();
            return 0;
        }

        abstract void run();

        ParameterException usage(String message) {
            return new ParameterException(spec.commandLine(), message);
        }

        /** A change made whose effects were not visible within the wait. */
        static Api.ApiException notDone(String message) {
            return new Api.ApiException(202, message);
        }

        String vnetIn(InJail in) {
            return in.jail == null ? "vnet0" : vnetOf(in.jail);
        }

        /**
         * The VNET of {@code jail} (a name or a jid), as {@code -j} takes it: a jail without its own VNET shares the
         * host's. A VNET's id (vnet0, vnet3) is taken as it is when no jail has that name.
         */
        String vnetOf(String jail) {
            try {
                return Api.get(endpoints.jail + "/api/jails/" + jail + "?dying=true").path("vnetId").asText();
            } catch (Api.ApiException e) {
                if (e.status() == 404 && jail.matches("vnet\\d+")) {
                    return jail;
                }
                throw e;
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a jail (as jail -c name=NAME [vnet] [persist]) and wait until it is ALIVE.")
    static final class Create extends Verb {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--vnet", description = "Give the jail its own VNET.")
        boolean vnet;

        @Option(names = "--no-persist", description = "Let the jail die with its last process: it is created with its "
                + "first process (the creating one, as jail(8) does with a command), whose pid is printed.")
        boolean noPersist;

        @Override
        void run() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("vnet", vnet);
            body.put("persist", !noPersist);
            body.put("attach", noPersist);
            JsonNode jail = Api.write("POST", endpoints.jail + "/api/jails", body).body();
            System.out.printf("jid %d (%s) %s, vnet %s%s%n", jail.path("jid").asInt(), jail.path("name").asText(),
                    jail.path("state").asText(), jail.path("vnetId").asText(),
                    noPersist ? ", process " + jail.path("processes").path(0).asInt() : "");
        }
    }

    @Command(name = "ribs", mixinStandardHelpOptions = true,
            description = "Show the routing tables of a jail's VNET (-j), or the host's.")
    static final class Ribs extends Verb {
        @Mixin
        InJail in = new InJail();

        @Override
        void run() {
            JsonNode ribs = Api.get(endpoints.routing + "/api/vnets/" + vnetIn(in) + "/ribs");
            System.out.printf("%-6s %-8s %s%n", "FIB", "FAMILY", "CREATED");
            for (JsonNode rib : ribs) {
                System.out.printf("%-6d %-8s %s%n", rib.path("fib").asInt(), rib.path("family").asText().toLowerCase(),
                        rib.path("createdAt").asText());
            }
        }
    }

    @Command(name = "vnets", mixinStandardHelpOptions = true, description = "List VNETs.")
    static final class Vnets extends Verb {
        @Override
        void run() {
            System.out.printf("%-12s %6s  %-14s %s%n", "VNET", "JID", "STATE", "REASON");
            for (JsonNode vnet : Api.list(endpoints.vnet + "/api/vnets")) {
                System.out.printf("%-12s %6s  %-14s %s%n", vnet.path("vnetId").asText(), vnet.path("jid").asText("-"),
                        vnet.path("state").asText(), vnet.path("reason").asText(""));
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Cross-check the reference ledgers of all services; exit 0 when clean.")
    static final class Audit implements Callable<Integer> {
        @Mixin
        Endpoints endpoints = new Endpoints();

        @Override
        public Integer call() {
            try {
                dev.jailnet.events.audit.AuditLedger ifnet = ledger(endpoints.ifnet);
                dev.jailnet.events.audit.AuditLedger routing = ledger(endpoints.routing);
                java.util.List<String> findings = AuditCheck.crossCheck(ifnet, routing);
                System.out.printf("ifnet-service: %d objects, holds %d, held by %d%n", ifnet.objects().size(),
                        ifnet.holds().size(), ifnet.heldBy().size());
                System.out.printf("routing-service: %d objects, holds %d, held by %d%n", routing.objects().size(),
                        routing.holds().size(), routing.heldBy().size());
                findings.forEach(f -> System.out.println("FAULT " + f));
                System.out.println(findings.isEmpty() ? "audit: clean" : "audit: " + findings.size() + " finding(s)");
                return findings.isEmpty() ? 0 : 2;
            } catch (Api.ApiException e) {
                System.err.println("jailnet: " + e.getMessage());
                return 1;
            }
        }

        static dev.jailnet.events.audit.AuditLedger ledger(String base) {
            return AuditCheck.ledger(Api.pages(base + "/api/audit"));
        }
    }

    @Command(name = "saga", mixinStandardHelpOptions = true, description = "Show a saga's timeline.")
    static final class Saga extends Verb {
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        void run() {
            JsonNode saga = Api.get(endpoints.vnet + "/api/sagas/" + id);
            System.out.printf("%s %s %s %s%n", saga.path("type").asText(), saga.path("vnetId").asText(),
                    saga.path("status").asText(), saga.path("reason").asText(""));
            for (JsonNode step : saga.path("steps")) {
                List<String> participants = new ArrayList<>();
                step.path("participants").forEach(p -> participants.add(p.asText()));
                System.out.printf("  %-20s %-14s %-8s attempts %d %s ms%s %s%n", step.path("step").asText(),
                        String.join(",", participants), step.path("status").asText(), step.path("attempts").asInt(),
                        step.path("durationMs").asText("-"), step.path("released").isEmpty() ? ""
                                : " released " + step.path("released"), step.path("lastError").asText(""));
            }
        }
    }
}

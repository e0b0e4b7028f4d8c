package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

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

    abstract static class Verb implements Callable<Integer> {
        @Mixin
        Endpoints endpoints = new Endpoints();

        @Override
        public final Integer call() {
            try {
                run();
                return 0;
            } catch (Api.ApiException e) {
                System.err.println("jailnet: " + e.getMessage());
                return 1;
            }
        }

        abstract void run();
    }

    @Command(name = "jls", mixinStandardHelpOptions = true, description = "List jails.")
    static final class Jls extends Verb {
        @Option(names = "-d", description = "Include dying jails.")
        boolean dying;

        @Override
        void run() {
            System.out.printf("%6s  %-20s %-8s %-10s %6s %5s%n", "JID", "NAME", "STATE", "VNET", "UREFS", "REFS");
            for (JsonNode jail : Api.list(endpoints.jail + "/api/jails" + (dying ? "?dying=true" : ""))) {
                System.out.printf("%6d  %-20s %-8s %-10s %6d %5d%n", jail.path("jid").asInt(), jail.path("name").asText(),
                        jail.path("state").asText(), jail.path("vnetId").asText(), jail.path("userRefs").asInt(),
                        jail.path("refs").asInt());
            }
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a jail (jail -c name=NAME [vnet] [persist]).")
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
            JsonNode jail = Api.post(endpoints.jail + "/api/jails", body);
            System.out.printf("jid %d (%s) %s, vnet %s%s%n", jail.path("jid").asInt(), jail.path("name").asText(),
                    jail.path("state").asText(), jail.path("vnetId").asText(),
                    noPersist ? ", process " + jail.path("processes").path(0).asInt() : "");
        }
    }

    @Command(name = "ifconfig", mixinStandardHelpOptions = true, description = "Show a VNET's interfaces.")
    static final class Ifconfig extends Verb {
        @Option(names = "-j", defaultValue = "vnet0", description = "The VNET (default: ${DEFAULT-VALUE}).")
        String vnetId;

        @Override
        void run() {
            for (JsonNode ifp : Api.list(endpoints.ifnet + "/api/vnets/" + vnetId + "/interfaces")) {
                System.out.printf("%s: flags=<%s> mtu %d index %d%n", ifp.path("name").asText(),
                        String.join(",", Api.JSON.convertValue(ifp.path("flags"), String[].class)),
                        ifp.path("mtu").asInt(), ifp.path("index").asInt());
                System.out.printf("\tkind %s home %s%n", ifp.path("kind").asText(), ifp.path("homeVnet").asText());
            }
        }
    }

    @Command(name = "ribs", mixinStandardHelpOptions = true, description = "Show a VNET's routing tables.")
    static final class Ribs extends Verb {
        @Option(names = "-j", defaultValue = "vnet0", description = "The VNET (default: ${DEFAULT-VALUE}).")
        String vnetId;

        @Override
        void run() {
            System.out.printf("%-6s %-8s %s%n", "FIB", "FAMILY", "CREATED");
            for (JsonNode rib : Api.get(endpoints.routing + "/api/vnets/" + vnetId + "/ribs")) {
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
                System.out.printf("  %-16s %-8s %-8s attempts %d %s ms %s%n", step.path("step").asText(),
                        step.path("participant").asText(), step.path("status").asText(), step.path("attempts").asInt(),
                        step.path("durationMs").asText("-"), step.path("lastError").asText(""));
            }
        }
    }
}

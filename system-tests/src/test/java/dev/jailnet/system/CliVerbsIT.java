package dev.jailnet.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jailnet.cli.Service;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The FreeBSD verbs of the CLI, each run as a user runs it (its own JVM, the token in {@code JAILNET_TOKEN}, the
 * services' URLs in the environment) against the system: what it prints, its exit status (0 done, 1 refused, 2 a
 * usage error) and what it changed. Each verb returns once its effects are visible: the command after it relies
 * on them at once.
 */
@ExtendWith(JailnetSystem.class)
class CliVerbsIT {

    /** A finished command: its exit status, standard output and standard error. */
    record Run(int exit, String out, String err) {
    }

    @Test
    void aJailIsMadeNetworkedAndRemovedWithTheVerbsEachRelyingOnTheOneBefore(SystemUnderTest system) throws Exception {
        String jail = "cli-" + UUID.randomUUID().toString().substring(0, 6);
        int unit = 4000 + ThreadLocalRandom.current().nextInt(1000);
        String epair = "epair" + unit;

        assertThat(cli(system, "ifconfig", epair, "create")).satisfies(done("^" + epair + "a$"));
        assertThat(cli(system, "jail", "-c", "name=" + jail, "vnet", "persist", "vnet.interface=" + epair + "b"))
                .satisfies(done("^" + jail + ": created \\(jid \\d+, vnet\\d+\\)$"));
        given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + jail).then().statusCode(200)
                .body("state", org.hamcrest.Matchers.equalTo("ALIVE"));

        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet", "10.0.0.2/24")).satisfies(done(""));
        assertThat(cli(system, "route", "-j", jail, "add", "default", "10.0.0.1"))
                .as("the connected route is there as soon as ifconfig returns")
                .satisfies(done("^add net default: gateway 10.0.0.1$"));
        assertThat(cli(system, "route", "-j", jail, "add", "-net", "10.1.0.0/24", "10.0.0.1")).satisfies(done(""));
        assertThat(cli(system, "route", "-j", jail, "add", "10.2.0.0/24", "192.0.2.1"))
                .satisfies(refused("400 Bad Request: gateway 192.0.2.1 is not on a connected network", "(gateway)"));
        assertThat(cli(system, "route", "-j", jail, "get", "10.1.0.9")).satisfies(done("interface: " + epair + "b"));
        assertThat(cli(system, "netstat", "-j", jail, "-rn", "-f", "inet").out()).contains("Internet:")
                .containsPattern("default\\s+10\\.0\\.0\\.1\\s+UGS\\s+" + epair + "b")
                .containsPattern("10\\.0\\.0\\.0/24\\s+link#\\d+\\s+UC\\s+" + epair + "b")
                .containsPattern("10\\.0\\.0\\.2/32\\s+link#\\d+\\s+UHS\\s+lo0");
        assertThat(cli(system, "route", "-j", jail, "delete", "10.1.0.0/24")).satisfies(done(""));
        assertThat(cli(system, "netstat", "-j", jail, "-rn").out()).doesNotContain("10.1.0.0/24");

        assertThat(cli(system, "ifconfig", "-j", jail, "gif", "create")).satisfies(done("^gif0$"));
        assertThat(cli(system, "ifconfig", "-j", jail, "gif0", "tunnel", "10.0.0.2", "198.51.100.1"))
                .as("the route cache is resolved when the verb returns")
                .satisfies(done("tunnel inet 10.0.0.2 --> 198.51.100.1 tunnelfib 0 \\(nhop \\d+ via " + epair
                        + "b gw 10.0.0.1\\)"));
        assertThat(cli(system, "ifconfig", "-j", jail, "gif0", "-tunnel")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, "gif0").out()).doesNotContain("tunnel inet");

        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet", "10.0.0.2", "-alias")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b").out()).doesNotContain("inet 10.0.0.2");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet6", "2001:db8::2/64")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet", "10.0.0.3/24", "alias")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet", "10.0.0.5/24", "add")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet", "10.0.0.4/24"))
                .as("without alias, an inet address replaces the interface's first one").satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b").out())
                .contains("\tinet6 2001:db8::2/64", "\tinet 10.0.0.5/24", "\tinet 10.0.0.4/24").doesNotContain("10.0.0.3");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet6", "fe80::2%" + epair + "b/64"))
                .satisfies(done(""));
        assertThat(cli(system, "route", "-j", jail, "add", "-inet6", "2001:db8:9::/48", "fe80::1%" + epair + "b"))
                .satisfies(done(""));
        assertThat(cli(system, "route", "-j", jail, "add", "-inet6", "default", "fe80::1%" + epair + "b"))
                .satisfies(done("^add net default: gateway fe80::1%" + epair + "b$"));
        assertThat(cli(system, "route", "-j", jail, "add", "-inet6", "2001:db8:8::/48", "fe80::1"))
                .satisfies(refused("400 Bad Request: fe80::1 is link-local: name its link", "(gateway)"));
        assertThat(cli(system, "route", "-j", jail, "get", "2001:db8:9::1"))
                .satisfies(done("gateway: fe80::1%" + epair + "b")).satisfies(done("interface: " + epair + "b"));
        assertThat(cli(system, "netstat", "-j", jail, "-rn", "-f", "inet6").out())
                .containsPattern("fe80::%" + epair + "b/64\\s+link#\\d+\\s+UC\\s+" + epair + "b")
                .containsPattern("fe80::2%" + epair + "b/128\\s+link#\\d+\\s+UHS\\s+lo0")
                .containsPattern("2001:db8:9::/48\\s+fe80::1%" + epair + "b\\s+UGS\\s+" + epair + "b");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b").out()).contains("\tinet6 fe80::2%" + epair + "b/64");
        assertThat(cli(system, "route", "-j", jail, "delete", "-inet6", "default")).satisfies(done(""));
        assertThat(cli(system, "route", "-j", jail, "delete", "2001:db8:9::/48")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet6", "fe80::2%" + epair + "b", "-alias"))
                .satisfies(done(""));
        assertThat(cli(system, "netstat", "-j", jail, "-rn", "-f", "inet6").out()).doesNotContain("fe80::");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet6", "2001:db8::2", "delete")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "inet", "10.0.0.5", "remove")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b").out()).contains("\tinet 10.0.0.4/24")
                .doesNotContain("2001:db8::2").doesNotContain("10.0.0.5");

        Run started = cli(system, "jexec", jail);
        assertThat(started).satisfies(done("^\\d+$"));
        String pid = started.out().strip();
        assertThat(cli(system, "jls", "-v").out()).containsPattern(jail + "\\s+ALIVE\\s+vnet\\d+\\s+2\\s+2\\s+yes\\s+\\["
                + pid + "]");
        assertThat(cli(system, "jexec", "-x", pid, jail)).satisfies(done(""));
        assertThat(cli(system, "jexec", "-x", pid, jail)).satisfies(refused("404 Not Found", "(pid)"));

        assertThat(cli(system, "jail", "-r", jail)).as("returns once the jail is freed")
                .satisfies(done("^" + jail + ": removed$"));
        given().baseUri(system.url(Service.JAIL)).get("/api/jails/" + jail + "?dying=true").then().statusCode(404);
        assertThat(cli(system, "ifconfig", epair + "b").out()).as("the loan went home with vnet_shutdown")
                .contains(epair + "b: flags=").contains("home vnet0");
        assertThat(cli(system, "ifconfig", epair + "a", "destroy")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", epair + "b")).satisfies(refused("404 Not Found", "(name)"));
    }

    @Test
    void anInterfaceIsLoanedToAJailAndTakenBack(SystemUnderTest system) throws Exception {
        String jail = "loan-" + UUID.randomUUID().toString().substring(0, 6);
        String epair = "epair" + (5000 + ThreadLocalRandom.current().nextInt(1000));
        assertThat(cli(system, "ifconfig", epair, "create")).satisfies(done(""));
        assertThat(cli(system, "jail", "-c", "name=" + jail, "vnet")).satisfies(done(""));

        assertThat(cli(system, "ifconfig", epair + "b", "up")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", epair + "b", "vnet", jail)).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, "-a").out()).as("a moved interface arrives down (if_down)")
                .contains(epair + "b: flags=<BROADCAST,RUNNING,SIMPLEX,MULTICAST>");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "10.0.0.2/24", "up")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b").out())
                .contains(epair + "b: flags=<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>").contains("\tinet 10.0.0.2/24");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "down")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b").out()).as("down: its address stays")
                .contains(epair + "b: flags=<BROADCAST,RUNNING,SIMPLEX,MULTICAST>").contains("\tinet 10.0.0.2/24");
        assertThat(cli(system, "route", "-j", jail, "add", "192.0.2.7", "10.0.0.1", "-fib", "0"))
                .as("and routes through it are added and kept, as the kernel's")
                .satisfies(done("^add host 192.0.2.7/32: gateway 10.0.0.1 fib 0$"));
        assertThat(cli(system, "route", "-j", jail, "get", "192.0.2.7")).satisfies(done("fib: 0"))
                .satisfies(done("interface: " + epair + "b"));
        assertThat(cli(system, "route", "-j", jail, "change", "192.0.2.7", "10.0.0.9"))
                .satisfies(done("^change host 192.0.2.7/32: gateway 10.0.0.9$"));
        assertThat(cli(system, "route", "-j", jail, "get", "192.0.2.7")).satisfies(done("gateway: 10.0.0.9"));
        assertThat(cli(system, "route", "-j", jail, "change", "198.51.100.0/24", "10.0.0.9"))
                .satisfies(refused("404 Not Found", "(destination)"));
        assertThat(cli(system, "route", "-j", jail, "add", "-net", "198.51.100.0/24", "-interface", epair + "b"))
                .as("an interface route").satisfies(done("^add net 198.51.100.0/24: gateway " + epair + "b$"));
        assertThat(cli(system, "route", "-j", jail, "get", "198.51.100.7")).satisfies(done("flags: <US>"));
        assertThat(cli(system, "route", "-j", jail, "change", "198.51.100.0/24", "10.0.0.9", "-interface", epair + "b"))
                .satisfies(done("^change net 198.51.100.0/24: gateway 10.0.0.9$"));
        assertThat(cli(system, "route", "-j", jail, "change", "198.51.100.0/24", "-interface", "lo0"))
                .satisfies(done("^change net 198.51.100.0/24: gateway lo0$"));
        assertThat(cli(system, "route", "-j", jail, "delete", "198.51.100.0/24")).satisfies(done("^delete net"));
        assertThat(cli(system, "route", "-j", jail, "add", "default", "10.0.0.1", "-fib", "1"))
                .satisfies(refused("fib 1 does not exist", "(fib)"));
        assertThat(cli(system, "netstat", "-j", jail, "-rn", "-F", "1"))
                .satisfies(refused("400 Bad Request: fib 1 does not exist", "(fib)"));
        assertThat(cli(system, "route", "-j", jail, "delete", "-fib", "0", "192.0.2.7"))
                .satisfies(done("^delete host 192.0.2.7 fib 0$"));
        assertThat(cli(system, "ribs", "-j", jail)).as("-j takes a jail, as every verb's")
                .satisfies(done("^0\\s+inet\\s"));
        assertThat(cli(system, "jexec", jail, "ifconfig", epair + "b", "inet", "10.0.0.3/24", "alias", "up"))
                .as("jexec JAIL COMMAND: the command in the jail's VNET, its options its own").satisfies(done(""));
        assertThat(cli(system, "jexec", jail, "netstat", "-rn", "-f", "inet").out())
                .containsPattern("10\\.0\\.0\\.3/32\\s+link#\\d+\\s+UHS\\s+lo0");
        assertThat(cli(system, "jexec", jail, "route", "get", "10.0.0.9")).satisfies(done("interface: " + epair + "b"));
        assertThat(cli(system, "jexec", jail, "ifconfig", "-j", jail)).satisfies(usage("should be specified only once"));
        assertThat(cli(system, "jexec", jail, "jls")).satisfies(usage("jexec runs ifconfig, route or netstat"));
        assertThat(cli(system, "jls", "-v").out()).as("and leaves no process behind")
                .containsPattern(jail + "\\s+ALIVE\\s+vnet\\d+\\s+1\\s+1\\s");
        assertThat(cli(system, "ifconfig", "-j", jail, epair + "b", "vnet", jail, "up"))
                .satisfies(usage("is not in this VNET to bring up"));
        assertThat(cli(system, "ifconfig", epair + "b", "-vnet", jail, "up")).satisfies(done(""));
        assertThat(cli(system, "ifconfig", "-j", jail).out()).doesNotContain(epair + "b");
        assertThat(cli(system, "ifconfig", epair + "b").out()).contains("home vnet0")
                .contains(epair + "b: flags=<UP,BROADCAST,RUNNING,SIMPLEX,MULTICAST>");

        given().baseUri(system.url(Service.JAIL)).contentType("application/json")
                .body("{\"description\":\"tcp 10.0.0.2:80 TIME_WAIT\"}").post("/api/jails/" + jail + "/holds").then()
                .statusCode(201);
        assertThat(cli(system, "jail", "-r", jail)).as("a hold keeps it: the verb says so and returns")
                .satisfies(done("^" + jail + ": removed; dying, held by hold \\d+ \\(tcp 10.0.0.2:80 TIME_WAIT\\)$"));
        assertThat(cli(system, "jls", "-d").out()).containsPattern(jail + "\\s+DYING");
        assertThat(cli(system, "jls").out()).doesNotContain(jail);
        assertThat(cli(system, "jls", "-d", "-j", jail)).as("jls -j: that jail only")
                .satisfies(done("\\A\\s*JID\\s+NAME.*\\R\\s*\\d+\\s+" + jail + "\\s+DYING\\s[^\\n]*\\z"));
        assertThat(cli(system, "jls", "-j", jail)).as("a dying one only with -d").satisfies(refused("404 Not Found"));
        assertThat(cli(system, "ifconfig", epair + "a", "destroy")).satisfies(done(""));
    }

    @Test
    void aTreeOfJailsIsMadeListedAndRemovedWithTheVerbs(SystemUnderTest system) throws Exception {
        String top = "tree-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(cli(system, "jail", "-c", "name=" + top, "vnet", "persist", "children.max=2")).satisfies(done(""));
        assertThat(cli(system, "jail", "-c", "name=" + top + ".b", "vnet", "persist", "children.max=1"))
                .satisfies(done(""));
        assertThat(cli(system, "jail", "-c", "name=" + top + ".b.c", "persist")).satisfies(done(""));
        assertThat(cli(system, "jail", "-c", "name=" + top + ".d", "persist"))
                .satisfies(refused("prison limit exceeded", "(parent)"));

        String jls = cli(system, "jls").out();
        int parent = jls.indexOf(" " + top + " ");
        int child = jls.indexOf("   " + top + ".b ");
        int grandchild = jls.indexOf("     " + top + ".b.c ");
        assertThat(parent).as(jls).isNotNegative();
        assertThat(child).as("each jail after its parent, indented by its depth: %s", jls).isGreaterThan(parent);
        assertThat(grandchild).as(jls).isGreaterThan(child);

        assertThat(cli(system, "jail", "-m", "name=" + top + ".b.c", "nopersist"))
                .as("jail -m: nothing else keeps it, so it dies").satisfies(done("^" + top + ".b.c: nopersist; dying"));
        assertThat(cli(system, "jail", "-m", "name=" + top + ".b", "nopersist"))
                .as("its only child is dying: persist was its last user reference")
                .satisfies(done("^" + top + ".b: nopersist; dying: nothing else kept it$"));
        assertThat(cli(system, "jail", "-m", "name=" + top, "persist")).satisfies(done("^" + top + ": persist$"));
        assertThat(cli(system, "jail", "-m", "name=" + top, "children.max=3"))
                .satisfies(usage("jail -m changes persist here, not children.max"));
        assertThat(cli(system, "jail", "-m", "persist")).satisfies(usage("jail -m needs the jail"));
        assertThat(cli(system, "jail", "-r", top)).satisfies(done("^" + top + ": removed"));
        assertThat(cli(system, "jls", "-d").out()).as("jail -r returns once the whole tree is freed")
                .doesNotContain(top);
    }

    @Test
    void usageErrorsExitWith2AndRefusalsWith1NamingTheField(SystemUnderTest system) throws Exception {
        assertThat(cli(system, "jail", "-c", "vnet")).satisfies(usage("jail -c needs name=NAME"));
        assertThat(cli(system, "jail", "-c", "name=x", "colour=blue")).satisfies(usage("unknown parameter colour"));
        assertThat(cli(system, "jail", "-c", "-r", "x")).satisfies(usage("mutually exclusive"));
        assertThat(cli(system, "ifconfig", "lo0", "frobnicate")).satisfies(usage("cannot read 'ifconfig lo0 frobnicate'"));
        assertThat(cli(system, "ifconfig", "lo0", "inet", "2001:db8::1/64")).satisfies(usage("not an IPv4 address"));
        assertThat(cli(system, "ifconfig", "lo0", "inet6", "10.0.0.1/8", "alias")).satisfies(usage("not an IPv6 address"));
        assertThat(cli(system, "ifconfig", "lo0", "inet", "10.0.0.1/8", "aliases")).satisfies(usage("cannot read"));
        assertThat(cli(system, "ifconfig", "-j", "vnet0", "gif0", "tunnel", "10.0.0.2", "198.51.100.1", "tunnelfib", "x"))
                .satisfies(usage("tunnelfib takes a number"));
        assertThat(cli(system, "route", "add", "default")).satisfies(usage("cannot read 'route add default'"));
        assertThat(cli(system, "netstat", "-n")).satisfies(usage("Missing required option: '-r'"));
        assertThat(cli(system, "netstat", "-rn", "-f", "ipx")).satisfies(usage("-f takes inet or inet6"));

        String name = "bad-" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(cli(system, "jail", "-c", "name=" + name, "vnet", "vnet.interface=nope0"))
                .as("the VNET creation saga could not loan nope0 in: jail -c fails, as in the kernel")
                .satisfies(refused("409 Conflict: jail", "could not be created", "nope0", "(vnet)"));
        assertThat(cli(system, "ifconfig", "-j", "no-such-jail")).satisfies(refused("404 Not Found", "(jid)"));
    }

    @Test
    void theReadingVerbsShowWhatTheSystemHolds(SystemUnderTest system) throws Exception {
        String name = "ro-" + UUID.randomUUID().toString().substring(0, 6);
        Run created = cli(system, "create", name, "--vnet");
        assertThat(created).satisfies(done("^jid \\d+ \\(" + name + "\\) ALIVE, vnet vnet\\d+$"));
        String vnet = created.out().replaceAll("(?s).*vnet (vnet\\d+).*", "$1");
        assertThat(cli(system, "vnets")).satisfies(done(vnet + "\\s+\\d+\\s+ALIVE"));
        assertThat(cli(system, "ribs", "-j", vnet)).satisfies(done("0\\s+inet\\s")).satisfies(done("0\\s+inet6\\s"));
        String saga = given().baseUri(system.url(Service.VNET)).get("/api/vnets/" + vnet).then().statusCode(200)
                .extract().path("sagas[0].id");
        assertThat(cli(system, "saga", saga)).satisfies(done("^VNET_CREATE " + vnet + " COMPLETED"))
                .satisfies(done("LOIF_INIT\\s+IFNET\\s+DONE"));
        assertThat(cli(system, "audit")).satisfies(done("audit: clean"));
        assertThat(cli(system, "jail", "-r", name)).satisfies(done("removed$"));
    }

    @Test
    void everyVerbHasHelpAndBashCompletionCoversThem(SystemUnderTest system) throws Exception {
        for (String verb : List.of("jail", "jls", "jexec", "ifconfig", "route", "netstat")) {
            assertThat(cli(system, verb, "--help")).as(verb).satisfies(done("Exit status: 0 done"));
        }
        Run completion = cli(system, "generate-completion");
        assertThat(completion).satisfies(done("complete -F _complete_jailnet -o default jailnet"));
        Path script = Files.createTempFile("jailnet-completion", ".bash");
        Files.writeString(script, completion.out());
        Process bash = new ProcessBuilder("bash", "-c", "source " + script + " && COMP_LINE='jailnet if' && COMP_WORDS=(jailnet if) && COMP_CWORD=1"
                + " && _complete_jailnet && printf '%s\\n' \"${COMPREPLY[@]}\"").redirectErrorStream(true).start();
        String offered = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(offered.lines()).as(offered).contains("ifconfig");
    }

    private static java.util.function.Consumer<Run> done(String outputPattern) {
        return run -> {
            assertThat(run.exit()).as("exit status; stderr: %s", run.err()).isZero();
            assertThat(run.out().strip()).containsPattern(java.util.regex.Pattern.compile(outputPattern,
                    java.util.regex.Pattern.MULTILINE));
        };
    }

    private static java.util.function.Consumer<Run> refused(String... said) {
        return run -> {
            assertThat(run.exit()).as("exit status; stdout: %s", run.out()).isEqualTo(1);
            assertThat(run.err()).contains(said);
            assertThat(run.out()).as("a refused verb prints nothing but its refusal").isEmpty();
        };
    }

    private static java.util.function.Consumer<Run> usage(String said) {
        return run -> {
            assertThat(run.exit()).as("exit status; stdout: %s", run.out()).isEqualTo(2);
            assertThat(run.err()).contains(said).contains("Usage: jailnet");
        };
    }

    /** The CLI in a JVM of its own, on this test's class path, as the {@code ./jailnet} wrapper runs it. */
    private static Run cli(SystemUnderTest system, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.jailnet.cli.Jailnet"));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAILNET_TOKEN", system.operatorToken());
        builder.environment().put("JAILNET_JAIL_URL", system.url(Service.JAIL));
        builder.environment().put("JAILNET_VNET_URL", system.url(Service.VNET));
        builder.environment().put("JAILNET_IFNET_URL", system.url(Service.IFNET));
        builder.environment().put("JAILNET_ROUTING_URL", system.url(Service.ROUTING));
        Path err = Files.createTempFile("jailnet-cli", ".err");
        Process cli = builder.redirectError(err.toFile()).start();
        cli.getOutputStream().close();
        String out = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cli.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", arguments)).isTrue();
        Run run = new Run(cli.exitValue(), out, Files.readString(err));
        Files.delete(err);
        return run;
    }
}

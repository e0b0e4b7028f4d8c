package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jailnet.events.Topics;
import dev.jailnet.localstack.Secrets;
import dev.jailnet.localstack.TopicWatcher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code jailnet chaos}: against a running {@code jailnet up}, found through its control endpoint, many clients
 * drive standard-jail lifecycles while the components are killed, stopped and paused in turn; then it checks
 * that nothing was lost and nothing leaked. Failures a fault causes a client (refused connections, 503) are
 * retried and counted; a lifecycle that does not complete within the timeout is a failure.
 */
@Command(name = "chaos", mixinStandardHelpOptions = true, exitCodeOnInvalidInput = 1,
        description = "Drive standard-jail lifecycles against a running jailnet up while killing, stopping and "
                + "pausing its components in turn; check that every lifecycle completes, nothing is dead-lettered, "
                + "no effect happens twice, the audit is clean and nothing of a destroyed VNET is left.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:every check holds", "1:the run could not be made (no jailnet up answers, bad options)",
            "2:a check failed (the output and the JSON say which)"})
public class ChaosCommand implements Callable<Integer> {

    static final String DEFAULT_FAULTS = "kill:jail-service,kill:vnet-service,kill:ifnet-service,"
            + "kill:routing-service,stop:postgres,stop:kafka,pause:postgres";
    private static final Pattern EPAIR = Pattern.compile("epair(\\d+)[ab]");

    @Mixin
    Control.Port control = new Control.Port();

    @Option(names = "--lifecycles", defaultValue = "200", description = "Standard-jail lifecycles (default: ${DEFAULT-VALUE}).")
    int lifecycles;

    @Option(names = "--clients", defaultValue = "16", description = "Clients driving them at once (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--faults", split = ",", defaultValue = DEFAULT_FAULTS, description = "Faults injected in turn, "
            + "ACTION:COMPONENT with ACTION kill, stop or pause; a service's name stands for all its replicas "
            + "(default: ${DEFAULT-VALUE}).")
    List<String> faultSpecs;

    @Option(names = "--fault-every", description = "Lifecycles started between two faults; given, the faults are "
            + "injected in turn as often as that allows (default: each fault once, spread evenly over the run).")
    Integer faultEvery;

    @Option(names = "--outage-seconds", defaultValue = "5", description = "How long a killed or stopped component "
            + "stays down before it is started again (default: ${DEFAULT-VALUE}).")
    int outageSeconds;

    @Option(names = "--pause-seconds", defaultValue = "10", description = "How long a paused component stays paused "
            + "(default: ${DEFAULT-VALUE}).")
    int pauseSeconds;

    @Option(names = "--timeout-seconds", defaultValue = "300", description = "A lifecycle step that has not "
            + "succeeded by then never will: the lifecycle counts as not completed (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--out", defaultValue = "chaos-results.json", description = "Machine-readable results (default: ${DEFAULT-VALUE}).")
    Path out;

    /** One lifecycle: what it made, when it started and ended (nanos), and why it did not complete. */
    public record Lifecycle(int index, String name, int jid, String vnetId, String epair, long startedNanos,
                            long endedNanos, String error) {
        boolean completed() {
            return error == null;
        }
    }

    /** What the run did and saw: its lifecycles in order, its faults, the dead letters and the events. */
    private record Run(long startedNanos, List<Lifecycle> lifecycles, List<FaultInjector.Injected> faults,
                       List<String> deadLetters, EventHistory.Findings events) {

        List<Lifecycle> completed() {
            return lifecycles.stream().filter(Lifecycle::completed).toList();
        }

        double secondsIn(long nanos) {
            return (nanos - startedNanos) / 1e9;
        }

        /** From the end of a fault to the next lifecycle that completed. */
        double nextCompletionAfter(FaultInjector.Injected fault) {
            return completed().stream().mapToDouble(l -> secondsIn(l.endedNanos()))
                    .filter(t -> t >= fault.endedAtSeconds()).min().orElse(Double.NaN) - fault.endedAtSeconds();
        }
    }

    @Override
    public Integer call() throws Exception {
        List<FaultInjector.Fault> faults;
        try {
            faults = faultSpecs.stream().map(FaultInjector.Fault::parse).toList();
        } catch (IllegalArgumentException e) {
            System.err.println("jailnet chaos: " + e.getMessage());
            return 1;
        }
        if (lifecycles < 1 || clients < 1 || (faultEvery != null && faultEvery < 1)) {
            System.err.println("jailnet chaos: --lifecycles, --clients and --fault-every must be 1 or more");
            return 1;
        }
        Control endpoint = new Control(control.port);
        JsonNode status;
        try {
            status = endpoint.status();
        } catch (Api.ApiException e) {
            System.err.println("jailnet chaos: " + e.getMessage());
            return 1;
        }
        List<String> names = status.path("components").findValuesAsText("name");
        for (FaultInjector.Fault fault : faults) {
            if (names.stream().noneMatch(n -> n.equals(fault.component()) || n.startsWith(fault.component() + "#"))) {
                System.err.println("jailnet chaos: no component '" + fault.component() + "' (see ./jailnet ps)");
                return 1;
            }
        }
        int every = faultEvery != null ? faultEvery : Math.max(1, lifecycles / (faults.size() + 1));
        int faultCount = Math.min(faultEvery != null ? Integer.MAX_VALUE : faults.size(), (lifecycles - 1) / every);
        Map<Service, List<String>> urls = replicaUrls(status);

        ObjectNode results = Api.JSON.createObjectNode();
        results.set("machine", BenchCommand.machine());
        ObjectNode settings = results.putObject("settings");
        settings.put("lifecycles", lifecycles).put("clients", clients).put("faultEvery", every)
                .put("faultsToInject", faultCount).put("outageSeconds", outageSeconds)
                .put("pauseSeconds", pauseSeconds).put("timeoutSeconds", timeoutSeconds)
                .put("replicas", status.path("replicas").asInt());
        settings.set("faults", Api.JSON.valueToTree(faults.stream().map(Object::toString).toList()));
        Path secrets = Path.of(status.path("secretsDir").asText());
        Credentials.kafkaAdministrator(status.path("kafka").asText(), secrets);
        String databasePassword = Secrets.in(secrets).password("database");
        String synchronousCommit = synchronousCommit(status.path("jdbcUrl").asText(), databasePassword);
        results.putObject("system").put("kafka", status.path("kafka").asText())
                .put("jdbcUrl", status.path("jdbcUrl").asText()).put("dataDir", status.path("dataDir").asText())
                .put("synchronousCommit", synchronousCommit);
        System.out.printf("chaos: %d standard-jail lifecycles, %d clients, %d replica(s) per service; %d faults, one "
                        + "every %d lifecycles started: %s%n", lifecycles, clients, status.path("replicas").asInt(),
                faultCount, every, faults);
        System.out.printf("  PostgreSQL synchronous_commit=%s; service logs in %s/logs%n%n", synchronousCommit,
                status.path("dataDir").asText());

        ClientErrors errors = new ClientErrors();
        Calls calls = Calls.patient(Duration.ofSeconds(timeoutSeconds), errors, Credentials.requireOperatorToken(secrets));
        FaultPlan plan = new FaultPlan(endpoint, faults, faultCount, every);
        Leftovers leftovers = new Leftovers(calls, urls);
        Set<String> before = leftovers.objects();
        Run run = run(status.path("kafka").asText(), urls, calls, plan);
        System.out.println();

        List<String> audit = leftovers.audit();
        List<String> left = leftovers.ofDestroyed(run.completed(), before);
        Map<String, Integer> parked = leftovers.parked();
        List<String> notRunning = new ArrayList<>();
        endpoint.status().path("components").forEach(c -> {
            if (!"RUNNING".equals(c.path("state").asText())) {
                notRunning.add(c.path("name").asText() + " " + c.path("state").asText());
            }
        });
        List<Lifecycle> incomplete = run.lifecycles().stream().filter(l -> !l.completed()).toList();
        long faultsFailed = run.faults().stream().filter(f -> f.error() != null).count();
        int parkedTotal = parked.values().stream().mapToInt(Integer::intValue).sum();
        boolean passed = incomplete.isEmpty() && run.lifecycles().size() == lifecycles && run.deadLetters().isEmpty()
                && run.events().duplicates().isEmpty() && run.events().outOfOrder().isEmpty() && audit.isEmpty()
                && left.isEmpty() && parkedTotal == 0 && run.faults().size() == faultCount && faultsFailed == 0
                && notRunning.isEmpty();

        Histogram whole = new Histogram(3);
        run.completed().forEach(l -> whole.recordValue(Math.max(1, (l.endedNanos() - l.startedNanos()) / 1000)));
        double lastCompletion = run.completed().stream().mapToDouble(l -> run.secondsIn(l.endedNanos())).max().orElse(0);
        double lastFaultEnded = run.faults().stream().mapToDouble(FaultInjector.Injected::endedAtSeconds).max().orElse(0);

        ObjectNode lifecycleNode = results.putObject("lifecycles");
        lifecycleNode.put("started", run.lifecycles().size()).put("completed", run.completed().size());
        lifecycleNode.set("latency", BenchCommand.percentiles(whole));
        ArrayNode notCompleted = lifecycleNode.putArray("notCompleted");
        incomplete.forEach(l -> notCompleted.add(leftovers.diagnose(l)));
        ArrayNode faultNode = results.putArray("faults");
        run.faults().forEach(f -> faultNode.add(((ObjectNode) Api.JSON.valueToTree(f))
                .put("nextCompletionAfterSeconds", run.nextCompletionAfter(f))));
        results.put("lastFaultEndedAtSeconds", lastFaultEnded).put("lastCompletionAtSeconds", lastCompletion)
                .put("lastFaultToLastCompletionSeconds", lastCompletion - lastFaultEnded);
        results.putObject("deadLetters").put("count", run.deadLetters().size())
                .set("records", Api.JSON.valueToTree(run.deadLetters()));
        results.set("events", Api.JSON.valueToTree(run.events()));
        results.putObject("audit").put("clean", audit.isEmpty()).set("findings", Api.JSON.valueToTree(audit));
        results.putObject("leftOfDestroyedVnets").put("count", left.size()).set("found", Api.JSON.valueToTree(left));
        results.set("parkedOutboxMessages", Api.JSON.valueToTree(parked));
        results.set("componentsNotRunning", Api.JSON.valueToTree(notRunning));
        ObjectNode errorNode = results.putObject("clientErrors");
        for (ClientErrors.Kind kind : ClientErrors.Kind.values()) {
            errorNode.put(kind.name(), errors.count(kind));
        }
        errorNode.set("serverErrorSamples", Api.JSON.valueToTree(errors.serverErrors()));
        results.put("passed", passed);
        Api.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);

        System.out.println("fault timeline (seconds into the run; the next lifecycle completed after the fault ended):");
        run.faults().forEach(f -> System.out.printf("%s; next completion %.1f s later%n", FaultInjector.describe(f),
                run.nextCompletionAfter(f)));
        System.out.printf("%n  %-52s %10s   %s%n", "figure", "value", "must be");
        figure("lifecycles started", run.lifecycles().size(), "");
        figure("lifecycles completed", run.completed().size(), "= started");
        figure("faults injected (failed)", run.faults().size() + " (" + faultsFailed + ")", faultCount + " (0)");
        figure("last fault ended -> last completion", String.format("%.1f s", lastCompletion - lastFaultEnded), "");
        figure("records dead-lettered (" + Topics.DEAD_LETTERS + ")", run.deadLetters().size(), "0");
        figure("duplicate effects", run.events().duplicates().size(), "0");
        figure("per-key order violations", run.events().outOfOrder().size(), "0");
        figure("records delivered again (same id, deduplicated)", run.events().redelivered(), "");
        figure("audit", audit.isEmpty() ? "clean" : audit.size() + " findings", "clean");
        figure("left behind: of destroyed VNETs, or made by the run", left.size(), "0");
        figure("parked outbox messages", parkedTotal, "0");
        figure("components not running at the end", notRunning.size(), "0");
        System.out.printf("%n  client errors, retried: %d%n", errors.retried());
        for (ClientErrors.Kind kind : ClientErrors.Kind.values()) {
            System.out.printf("    %-56s %8d%n", kind.description(), errors.count(kind));
        }
        System.out.println();
        BenchCommand.row("POST -> VnetDestroyed", whole);
        report("not completed", incomplete.stream().map(l -> l.name() + " ("
                + (l.vnetId() == null ? "no VNET known" : l.vnetId()) + "): " + l.error()).toList());
        report("dead letter", run.deadLetters());
        report("duplicate", run.events().duplicates());
        report("out of order", run.events().outOfOrder());
        report("audit", audit);
        report("left", left);
        report("server error", errors.serverErrors());
        report("not running", notRunning);
        System.out.printf("%nchaos: %s; results in %s%n", passed ? "PASSED" : "FAILED", out.toAbsolutePath());
        return passed ? 0 : 2;
    }

    /** Which faults, how many, and how many lifecycles apart. */
    private record FaultPlan(Control control, List<FaultInjector.Fault> faults, int count, int every) {
    }

    /** The clients drive the lifecycles while the faults are injected; returns once every client is done. */
    private Run run(String kafka, Map<Service, List<String>> urls, Calls calls, FaultPlan plan) throws Exception {
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try (TopicWatcher watcher = new TopicWatcher(kafka, Topics.JAIL_EVENTS, Topics.VNET_EVENTS)) {
            DeadLetterCount deadLetters = DeadLetterCount.from(kafka);
            int epairBase = firstFreeEpairUnit(calls, urls.get(Service.IFNET).get(0));
            String prefix = "chaos-" + UUID.randomUUID().toString().substring(0, 6) + "-";
            AtomicInteger next = new AtomicInteger();
            AtomicInteger finishedClients = new AtomicInteger();
            long started = System.nanoTime();
            FaultInjector injector = new FaultInjector(plan.control(), plan.faults(), plan.count(), plan.every(),
                    () -> Math.min(next.get(), lifecycles), () -> finishedClients.get() == clients,
                    Duration.ofSeconds(outageSeconds), Duration.ofSeconds(pauseSeconds), started);
            Thread faultThread = new Thread(injector, "chaos-faults");
            faultThread.start();
            List<Lifecycle> done = new ArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                // the clients are spread over the replicas, one replica of each service per client
                int replica = c % urls.get(Service.JAIL).size();
                StandardJail standard = new StandardJail(new StandardJail.Endpoints(urls.get(Service.JAIL).get(replica),
                        urls.get(Service.VNET).get(replica), urls.get(Service.IFNET).get(replica),
                        urls.get(Service.ROUTING).get(replica)), watcher, calls, timeout);
                workers.add(pool.submit(() -> {
                    try {
                        for (int i = next.getAndIncrement(); i < lifecycles; i = next.getAndIncrement()) {
                            Lifecycle lifecycle = lifecycle(standard, i, prefix + i, epairBase + i);
                            synchronized (done) {
                                done.add(lifecycle);
                                if (done.size() % Math.max(1, lifecycles / 10) == 0) {
                                    System.out.printf("  t+%7.1f s  %d/%d lifecycles done%n",
                                            (System.nanoTime() - started) / 1e9, done.size(), lifecycles);
                                }
                            }
                        }
                    } finally {
                        finishedClients.incrementAndGet();
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            faultThread.join();
            return new Run(started, done.stream().sorted(Comparator.comparingInt(Lifecycle::index)).toList(),
                    injector.timeline(), deadLetters.since(), EventHistory.check(watcher.seen()));
        }
    }

    private static Lifecycle lifecycle(StandardJail standard, int index, String name, int epairUnit) {
        long started = System.nanoTime();
        StandardJail.Built jail = null;
        try {
            jail = standard.create(name, epairUnit);
            standard.remove(jail.jid());
            standard.awaitVnetDestroyed(jail);
            standard.dropHostEpair(jail);
            return new Lifecycle(index, name, jail.jid(), jail.vnetId(), jail.epair(), started, System.nanoTime(), null);
        } catch (RuntimeException e) {
            return new Lifecycle(index, name, jail == null ? -1 : jail.jid(), jail == null ? null : jail.vnetId(),
                    "epair" + epairUnit + "b", started, System.nanoTime(), e.getMessage());
        }
    }

    /** The first epair unit above every one in vnet0: this run's units, one per lifecycle, are free. */
    private static int firstFreeEpairUnit(Calls calls, String ifnet) {
        int highest = -1;
        for (JsonNode ifp : calls.list(ifnet + "/api/vnets/vnet0/interfaces")) {
            Matcher m = EPAIR.matcher(ifp.path("name").asText());
            if (m.matches()) {
                highest = Math.max(highest, Integer.parseInt(m.group(1)));
            }
        }
        return highest + 1;
    }

    /** Each service's replica URLs, in replica order, from the control endpoint's status. */
    private static Map<Service, List<String>> replicaUrls(JsonNode status) {
        Map<Service, List<String>> urls = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            List<String> replicas = new ArrayList<>();
            for (JsonNode c : status.path("components")) {
                if (c.path("name").asText().startsWith(service.module() + "#")) {
                    replicas.add(c.path("url").asText());
                }
            }
            urls.put(service, replicas);
        }
        return urls;
    }

    /** The database's own word on durability, asked as the services connect. */
    private static String synchronousCommit(String jdbcUrl, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, LocalSystem.DB_USER, password);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("show synchronous_commit")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void figure(String what, Object value, String mustBe) {
        System.out.printf("  %-52s %10s   %s%n", what, value, mustBe);
    }

    private static void report(String what, List<String> lines) {
        lines.forEach(line -> System.out.println("  " + what.toUpperCase(Locale.ROOT) + ": " + line));
    }
}

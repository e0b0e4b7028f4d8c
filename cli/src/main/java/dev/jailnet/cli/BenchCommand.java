package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jailnet.events.Topics;
import dev.jailnet.events.audit.AuditLedger;
import dev.jailnet.localstack.KafkaLogins;
import dev.jailnet.localstack.Secrets;
import dev.jailnet.localstack.TopicWatcher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code jailnet bench}: against a running system, in one run, the physical limit (one small record produced
 * and consumed on the same broker), the standard jail's lifecycle latencies, throughput at several
 * concurrency levels, and how the shutdown saga grows with the network. Warm-up runs are excluded.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark a running system (./jailnet up): physical limit, latency, throughput, scaling.")
public class BenchCommand implements Callable<Integer> {

    /** The saga's critical path: five steps, a command and a reply each. */
    static final int SAGA_HOPS = 10;
    /** Records in flight together in the physical limit's second part. */
    static final int IN_FLIGHT = 100;

    /**
     * Routes per bulk request: a table is loaded in requests of this many (the service takes up to 100,000), each
     * well inside the client's 30 s request timeout even on a busy machine (2,500 routes/s is 4 s a request).
     */
    private static final int LOAD_REQUEST = 10_000;

    @Mixin
    ApiCommands.Endpoints endpoints = new ApiCommands.Endpoints();

    @Option(names = "--kafka", defaultValue = "${env:JAILNET_KAFKA:-localhost:9092}", description = "Kafka (default: ${DEFAULT-VALUE}).")
    String kafka;

    @Option(names = "--records", defaultValue = "2000", description = "Records for the physical limit (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--commits", defaultValue = "2000",
            description = "Bare durable commits for the database's cost of one (default: ${DEFAULT-VALUE}).")
    int commits;

    @Option(names = "--lifecycles", defaultValue = "200", description = "Sequential standard-jail lifecycles (default: ${DEFAULT-VALUE}).")
    int lifecycles;

    @Option(names = "--warmup", defaultValue = "20", description = "Warm-up lifecycles, not counted (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--levels", split = ",", defaultValue = "1,4,16,64", description = "Concurrency levels (default: ${DEFAULT-VALUE}).")
    List<Integer> levels;

    @Option(names = "--seconds", defaultValue = "20", description = "Seconds per concurrency level (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--routes", split = ",", defaultValue = "10,100,1000,10000", description = "Routes per VNET for scaling (default: ${DEFAULT-VALUE}).")
    List<Integer> routes;

    @Option(names = "--interfaces", split = ",", defaultValue = "1,10,100,1000", description = "Interfaces per VNET for scaling, paired with --routes (default: ${DEFAULT-VALUE}).")
    List<Integer> interfaces;

    @Option(names = "--out", defaultValue = "bench-results.json", description = "Machine-readable results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    Control.Port control = new Control.Port();

    @Option(names = "--jdbc-url", description = "The system's database, for its transaction and statement counts"
            + " (default: the one the control endpoint names).")
    String jdbcUrl;

    @Option(names = "--db-user", defaultValue = "${env:JAILNET_DB_USER:-" + LocalSystem.DB_USER + "}",
            description = "Database user (default: ${DEFAULT-VALUE}).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:JAILNET_DB_PASSWORD}",
            description = "Database password (default: the one jailnet up made in its data directory).",
            showDefaultValue = CommandLine.Help.Visibility.NEVER)
    String dbPassword;

    private Calls calls;
    private final ObjectNode results = Api.JSON.createObjectNode();
    /** In every jail's name: a jail of this run is never one an earlier run left, and can be removed by its name. */
    private final String runId = UUID.randomUUID().toString().substring(0, 6);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (records < 1 || commits < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--records and --commits: at least 1 each ("
                    + records + " and " + commits + " given)");
        }
        StandardJail.Endpoints urls = new StandardJail.Endpoints(endpoints.jail, endpoints.vnet, endpoints.ifnet,
                endpoints.routing);
        Path secrets = Credentials.secretsDir(control.port);
        String token = Credentials.requireOperatorToken(secrets);
        calls = Calls.strict(token);
        if (dbPassword == null) {
            dbPassword = Secrets.in(secrets).password("database");
        }
        Credentials.kafkaAdministrator(kafka, secrets);
        results.set("machine", machine());
        System.out.printf("machine: %d cores; CPU pressure before the run: %s%n",
                Runtime.getRuntime().availableProcessors(), results.get("machine").path("cpuPressureAtStart").asText());
        ObjectNode settings = results.putObject("settings");
        settings.put("records", records).put("commits", commits).put("lifecycles", lifecycles).put("warmup", warmup)
                .put("seconds", seconds);
        settings.set("levels", Api.JSON.valueToTree(levels));
        settings.set("routes", Api.JSON.valueToTree(routes));
        settings.set("interfaces", Api.JSON.valueToTree(interfaces));

        try (Costs costs = Costs.connect(control.port, kafka, jdbcUrl, dbUser, dbPassword)) {
            ObjectNode jvmOptions = costs.jvmOptions();
            ((ObjectNode) results.get("machine")).set("jvmOptions", jvmOptions);
            System.out.printf("JVM options: %s%n", jvmOptions);
            ObjectNode durability = costs.durability();
            results.set("databaseDurability", durability);
            System.out.printf("database durability: %s%n", durability);
            Histogram hop = physicalLimit(costs);
            bareCommits(costs);
            try (TopicWatcher watcher = new TopicWatcher(kafka, Topics.JAIL_EVENTS, Topics.VNET_EVENTS)) {
                StandardJail standard = new StandardJail(urls, watcher, token);
                latency(standard, hop, costs);
                throughput(standard, costs);
                scaling(standard);
            }
        }
        List<String> findings = AuditCheck.crossCheck(ledger(endpoints.ifnet), ledger(endpoints.routing));
        results.put("auditClean", findings.isEmpty());
        ((ObjectNode) results.get("machine")).put("cpuPressureAtEnd", cpuPressure());
        findings.forEach(f -> System.out.println("FAULT " + f));
        Api.JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), results);
        System.out.printf("%naudit: %s; results in %s%n", findings.isEmpty() ? "clean" : findings.size() + " findings",
                out.toAbsolutePath());
        return findings.isEmpty() ? 0 : 2;
    }

    /**
     * One record in flight, produced and consumed on the same broker with the services' producer settings; then the
     * same records {@value #IN_FLIGHT} at a time. Each way, every process's CPU per record: the broker's is what a
     * record costs it at the least, one at a time and batched.
     */
    private Histogram physicalLimit(Costs costs) throws Exception {
        String topic = "jailnet.bench.hop";
        try (Admin admin = Admin.create(KafkaLogins.clientProperties(kafka))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
        }
        Histogram hop = new Histogram(3);
        TopicPartition partition = new TopicPartition(topic, 0);
        ObjectNode node;
        // the services' producer settings (dev.jailnet.messaging.KafkaClients): acks=all, idempotent, no linger
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaLogins.clientProperties(kafka,
                Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                        ProducerConfig.LINGER_MS_CONFIG, 0)),
                new ByteArraySerializer(), new ByteArraySerializer());
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaLogins.clientProperties(kafka,
                     Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                     new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            int warm = Math.max(200, records / 10);
            Costs.Snapshot before = null;
            for (int i = 0; i < warm + records; i++) {
                if (i == warm) {
                    before = costs.take();
                }
                long sent = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, 0, null, new byte[64]));
                receive(consumer, 1);
                if (i >= warm) {
                    hop.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
                }
            }
            node = percentiles(hop);
            node.set("cpuMsPerRecord", Costs.cpuPer(before, costs.take(), records));
            int batches = Math.max(1, records / IN_FLIGHT);
            before = costs.take();
            long started = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                for (int i = 0; i < IN_FLIGHT; i++) {
                    producer.send(new ProducerRecord<>(topic, 0, null, new byte[64]));
                }
                receive(consumer, IN_FLIGHT);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            ObjectNode batched = node.putObject("inFlightTogether");
            batched.put("records", batches * IN_FLIGHT).put("inFlight", IN_FLIGHT)
                    .put("recordsPerSecond", batches * IN_FLIGHT / seconds);
            batched.set("cpuMsPerRecord", Costs.cpuPer(before, costs.take(), (long) batches * IN_FLIGHT));
        }
        results.set("physicalLimit", node);
        System.out.printf("%nphysical limit: produce->consume, one in flight, %d records%n", records);
        row("hop", hop);
        System.out.printf("  CPU per record, one in flight: %s; %d in flight: %s (%.0f records/s)%n",
                brokerAndBench(node.path("cpuMsPerRecord")), IN_FLIGHT,
                brokerAndBench(node.path("inFlightTogether").path("cpuMsPerRecord")),
                node.path("inFlightTogether").path("recordsPerSecond").asDouble());
        return hop;
    }

    private static void receive(KafkaConsumer<byte[], byte[]> consumer, int count) {
        int received = 0;
        while (received < count) {
            received += consumer.poll(Duration.ofMillis(100)).count();
        }
    }

    private static String brokerAndBench(JsonNode cpuMs) {
        StringBuilder text = new StringBuilder();
        cpuMs.fields().forEachRemaining(process -> {
            if (process.getKey().equals(Costs.BROKER) || process.getKey().contains("bench")) {
                text.append(text.isEmpty() ? "" : ", ")
                        .append(String.format("%s %.3f ms", process.getKey(), process.getValue().asDouble()));
            }
        });
        return text.isEmpty() ? "the broker's process unknown (counted for ./jailnet up only)" : text.toString();
    }

    /** The database's bare durable commit, one after the other: its latency and each process's CPU per commit. */
    private void bareCommits(Costs costs) throws Exception {
        ObjectNode node = costs.durableCommits(commits);
        results.set("bareCommits", node);
        System.out.printf("%ndatabase: %d bare durable commits (one row each), one after the other%n", commits);
        if (node.has("unavailable")) {
            System.out.printf("  unavailable: %s%n", node.path("unavailable").asText());
            return;
        }
        JsonNode commit = node.path("commit");
        System.out.printf("  commit p50 %.2f ms, p99 %.2f ms; CPU per commit: %s %.3f ms%n", commit.path("p50Ms")
                .asDouble(), commit.path("p99Ms").asDouble(), Costs.DATABASE,
                node.path("cpuMsPerCommit").path(Costs.DATABASE).asDouble());
    }

    /**
     * The broker's and the database's share at their bare costs ({@link Costs#floor}), beside what the lifecycles took:
     * how much of the CPU per lifecycle no service's code can take away without fewer records or transactions.
     */
    private void floor(ObjectNode cost, JsonNode brokerPerRecord) {
        Costs.floor(cost, brokerPerRecord, results.path("bareCommits").path("cpuMsPerCommit")).ifPresent(floor -> {
            cost.put("floorMs", floor);
            System.out.printf("                 floor: %.1f records x %.3f ms (broker) + %.1f writing transactions x"
                            + " %.3f ms (database) = %.1f ms of the %.1f%n", cost.path("kafkaRecords").asDouble(),
                    brokerPerRecord.path(Costs.BROKER).asDouble(), cost.path("writeTransactions").asDouble(),
                    results.path("bareCommits").path("cpuMsPerCommit").path(Costs.DATABASE).asDouble(), floor,
                    cost.path("cpuMsTotal").asDouble());
        });
    }

    private void latency(StandardJail standard, Histogram hop, Costs costs) throws Exception {
        Histogram alive = new Histogram(3);
        Histogram saga = new Histogram(3);
        Histogram destroy = new Histogram(3);
        Histogram whole = new Histogram(3);
        System.out.printf("%nlatency: %d sequential standard-jail lifecycles after %d warm-up%n", lifecycles, warmup);
        Costs.Snapshot before = null;
        for (int i = 0; i < warmup + lifecycles; i++) {
            if (i == warmup) {
                before = costs.take();
            }
            Lifecycle run = lifecycle(standard, "bench-" + runId + "-" + i);
            if (i >= warmup) {
                alive.recordValue(run.aliveMicros);
                saga.recordValue(run.sagaMicros);
                destroy.recordValue(run.destroyMicros);
                whole.recordValue(run.wholeMicros);
            }
            if ((i + 1) % Math.max(1, (warmup + lifecycles) / 10) == 0) {
                System.out.printf("  %d/%d%n", i + 1, warmup + lifecycles);
            }
        }
        ObjectNode cost = costs.perLifecycle(before, costs.take(), lifecycles);
        floor(cost, results.path("physicalLimit").path("cpuMsPerRecord"));
        ObjectNode node = results.putObject("latency");
        node.set("costPerLifecycle", cost);
        node.set("toAlive", percentiles(alive));
        node.set("vnetShutdownSaga", percentiles(saga));
        node.set("deleteToVnetDestroyed", percentiles(destroy));
        node.set("wholeLifecycle", percentiles(whole));
        double ratio = saga.getValueAtPercentile(50) / (SAGA_HOPS * (double) hop.getValueAtPercentile(50));
        node.put("sagaHops", SAGA_HOPS).put("sagaP50OverHopsTimesHopP50", ratio);
        row("POST -> ALIVE", alive);
        row("vnet_shutdown saga", saga);
        row("DELETE -> VnetDestroyed", destroy);
        row("POST -> VnetDestroyed", whole);
        System.out.printf("  saga critical path: %d Kafka hops; saga p50 / (hops x hop p50) = %.1f%n", SAGA_HOPS, ratio);
    }

    private void throughput(StandardJail standard, Costs costs) throws Exception {
        ArrayNode levelsNode = results.putArray("throughput");
        System.out.printf("%nthroughput: standard-jail lifecycles, %d s per level%n", seconds);
        System.out.printf("  %8s %12s %10s %10s %10s %8s%n", "clients", "lifecycles/s", "p50 ms", "p99 ms", "max ms", "errors");
        for (int clients : levels) {
            Histogram latency = new Histogram(3);
            AtomicInteger done = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> workers = new ArrayList<>();
            Costs.Snapshot before = costs.take();
            long started = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                workers.add(pool.submit(() -> {
                    int n = 0;
                    while (System.nanoTime() < deadline) {
                        try {
                            String name = "tp-" + runId + "-" + clients + "-" + client + "-" + n++;
                            Lifecycle run = lifecycle(standard, name);
                            synchronized (latency) {
                                latency.recordValue(run.wholeMicros);
                            }
                            done.incrementAndGet();
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                            System.out.println("  error: " + e.getMessage());
                        }
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            double elapsed = (System.nanoTime() - started) / 1e9;
            double rate = done.get() / elapsed;
            ObjectNode level = levelsNode.addObject();
            level.put("clients", clients).put("lifecycles", done.get()).put("seconds", elapsed)
                    .put("lifecyclesPerSecond", rate).put("errors", errors.get());
            level.set("latency", percentiles(latency));
            System.out.printf("  %8d %12.1f %10.1f %10.1f %10.1f %8d%n", clients, rate,
                    latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                    latency.getMaxValue() / 1000.0, errors.get());
            ObjectNode cost = costs.perLifecycle(before, costs.take(), done.get());
            floor(cost, results.path("physicalLimit").path("inFlightTogether").path("cpuMsPerRecord"));
            level.set("costPerLifecycle", cost);
        }
    }

    /**
     * One VNET with R static routes through R/10 gateways spread over I interfaces (each with its own
     * network), loaded in bulk, then shut down by an operator: the saga's time on the server's clock, the
     * largest record the teardown wrote, and the time per route, so that growth is seen rather than assumed.
     */
    private void scaling(StandardJail standard) throws Exception {
        ArrayNode runs = results.putArray("scaling");
        System.out.printf("%nscaling: vnet_shutdown of one VNET with R routes through R/10 gateways on I interfaces%n");
        System.out.printf("  %9s %10s %9s %9s %10s %10s %13s %14s%n", "routes", "interfaces", "nexthops", "load s",
                "routes/s", "saga ms", "saga us/route", "largest record");
        try (Admin admin = Admin.create(KafkaLogins.clientProperties(kafka))) {
            for (int k = 0; k < Math.min(routes.size(), interfaces.size()); k++) {
                runs.add(scale(standard, admin, routes.get(k), Math.max(1, interfaces.get(k))));
            }
        }
    }

    private ObjectNode scale(StandardJail standard, Admin admin, int r, int n) throws Exception {
        int gateways = Math.max(1, Math.min(r / 10, n * 250));
        JsonNode jail = calls.post(endpoints.jail + "/api/jails", Map.of("name", "scale-" + UUID.randomUUID()
                .toString().substring(0, 6), "vnet", true));
        String vnetId = jail.path("vnetId").asText();
        int jid = jail.path("jid").asInt();
        standard.await(endpoints.jail + "/api/jails/" + jid, j -> "ALIVE".equals(j.path("state").asText()),
                "jail " + jid + " ALIVE");
        try {
            return scaleIn(standard, admin, vnetId, r, n, gateways);
        } catch (Exception e) {
            removeAfterFailure(String.valueOf(jid));
            throw e;
        }
    }

    /**
     * A run that failed before its shutdown leaves no jail behind for the runs after it: a lifecycle's jail would
     * refuse the next benchmark's first jail of that name, and a scaling run's table of a million routes would slow
     * every later load (and the audit would count it). The jail is removed, which shuts its VNET down. Best
     * effort: the failure is what the run reports.
     */
    private void removeAfterFailure(String jail) {
        try {
            calls.delete(endpoints.jail + "/api/jails/" + jail);
            System.out.printf("  the run failed: jail %s removed, so that its VNET is shut down and destroyed%n", jail);
        } catch (RuntimeException e) {
            boolean neverMade = e instanceof Calls.Failed failed && failed.status() == 404;
            System.out.printf(neverMade ? "  the run failed before jail %s was made%n"
                    : "  the run failed, and removing jail %s failed too: %s%n", jail, e.getMessage());
        }
    }

    private ObjectNode scaleIn(StandardJail standard, Admin admin, String vnetId, int r, int n, int gateways)
            throws Exception {
        String ifs = endpoints.ifnet + "/api/vnets/" + vnetId + "/interfaces";
        long started = System.nanoTime();
        parallel(n, i -> {
            String name = calls.post(ifs, Map.of("cloner", i == 0 ? "epair" : "gif")).path("name").asText();
            calls.post(ifs + "/" + name + "/addresses", Map.of("address", network(i) + ".1/24"));
        });
        // routing-service has made every network's connected route once it has handled every address event
        awaitConsumed(admin);
        long loading = System.nanoTime();
        for (int first = 0; first < r; first += LOAD_REQUEST) {
            List<Map<String, Object>> load = new ArrayList<>();
            for (int i = first; i < Math.min(r, first + LOAD_REQUEST); i++) {
                int gateway = i % gateways;
                load.add(Map.of("destination", (20 + (i >> 24)) + "." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "."
                        + (i & 255) + "/32", "gateway", network(gateway % n) + "." + (2 + gateway / n)));
            }
            JsonNode loaded = calls.post(endpoints.routing + "/api/vnets/" + vnetId + "/routes/bulk", Map.of("routes",
                    load));
            if (loaded.path("added").asInt() != load.size()) {
                throw new IllegalStateException("the bulk load into " + vnetId + " refused routes: "
                        + loaded.path("refused").path(0));
            }
        }
        double loadSeconds = (System.nanoTime() - loading) / 1e9;
        awaitConsumed(admin);
        Map<TopicPartition, Long> before = endOffsets(admin);
        calls.post(endpoints.vnet + "/api/vnets/" + vnetId + "/shutdown", Map.of());
        // the jail dies with its VNET's shutdown, so the VNET may be destroyed right after SHUT_DOWN
        standard.await(endpoints.vnet + "/api/vnets/" + vnetId, v -> Set.of("SHUT_DOWN", "DESTROYED")
                .contains(v.path("state").asText()), vnetId + " SHUT_DOWN");
        long sagaMs = calls.get(endpoints.vnet + "/api/vnets/" + vnetId + "/shutdown").path("durationMs").asLong();
        standard.awaitDestroyed(vnetId);
        int largest = largestRecordSince(before);
        System.out.printf("  %9d %10d %9d %9.1f %10.0f %10d %13.2f %14s%n", r, n, gateways + n + 1, loadSeconds,
                r / loadSeconds, sagaMs, sagaMs * 1000.0 / Math.max(1, r), largest + " B");
        ObjectNode run = Api.JSON.createObjectNode();
        run.put("routes", r).put("interfaces", n).put("nexthops", gateways + n + 1).put("setupSeconds", (loading - started)
                / 1e9).put("loadSeconds", loadSeconds).put("sagaMs", sagaMs).put("largestRecordBytes", largest);
        return run;
    }

    /** The network of the i-th interface of a scaling VNET: 10.a.b.0/24. */
    private static String network(int i) {
        return "10." + (i >> 8 & 255) + "." + (i & 255);
    }

    private interface Task {
        void run(int i);
    }

    /** Runs {@code task} for 0..n-1 on four clients, as an operator's script would. */
    private static void parallel(int n, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int at = i;
                done.add(pool.submit(() -> task.run(at)));
            }
            for (Future<?> each : done) {
                each.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits until every consumer group has handled every record on jailnet's topics. */
    private static void awaitConsumed(Admin admin) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, Long> ends = endOffsets(admin);
            long lag = 0;
            // the groups with members now: those of the services (an ended test's group keeps its old offsets)
            for (var group : admin.listGroups().all().get(30, TimeUnit.SECONDS).stream()
                    .filter(g -> g.groupState().map(GroupState.STABLE::equals).orElse(false)).toList()) {
                var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                for (var offset : committed.entrySet()) {
                    if (offset.getValue() != null && ends.containsKey(offset.getKey())) {
                        lag += Math.max(0, ends.get(offset.getKey()) - offset.getValue().offset());
                    }
                }
            }
            if (lag == 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the services did not catch up with the topics in 10 minutes");
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin) throws Exception {
        List<String> names = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().forEach(t -> t.partitions()
                .forEach(p -> latest.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest())));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((p, o) -> ends.put(p, o.offset()));
        return ends;
    }

    /** The largest record written to jailnet's topics since {@code before}: the teardown's messages stay small. */
    private int largestRecordSince(Map<TopicPartition, Long> before) {
        int largest = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(KafkaLogins.clientProperties(kafka,
                Map.of(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(before.keySet());
            before.forEach(consumer::seek);
            Map<TopicPartition, Long> ends = consumer.endOffsets(before.keySet());
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    largest = Math.max(largest, record.serializedValueSize() + Math.max(0,
                            record.serializedKeySize()));
                }
            }
        }
        return largest;
    }

    private record Lifecycle(long aliveMicros, long sagaMicros, long destroyMicros, long wholeMicros) {
    }

    /** One standard jail from POST to {@code VnetDestroyed}; a jail whose creation failed is removed (by its name). */
    private Lifecycle lifecycle(StandardJail standard, String name) {
        StandardJail.Built jail;
        try {
            jail = standard.create(name);
        } catch (RuntimeException e) {
            removeAfterFailure(name);
            throw e;
        }
        long deleted = System.nanoTime();
        standard.remove(jail.jid());
        standard.awaitVnetDestroyed(jail);
        long destroyed = System.nanoTime();
        long sagaMs = calls.get(endpoints.vnet + "/api/vnets/" + jail.vnetId() + "/shutdown").path("durationMs").asLong();
        standard.dropHostEpair(jail);
        return new Lifecycle(Math.max(1, (jail.aliveNanos() - jail.createdNanos()) / 1000), Math.max(1, sagaMs * 1000),
                Math.max(1, (destroyed - deleted) / 1000), Math.max(1, (destroyed - jail.createdNanos()) / 1000));
    }

    static ObjectNode percentiles(Histogram h) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("count", h.getTotalCount()).put("p50Ms", h.getValueAtPercentile(50) / 1000.0)
                .put("p90Ms", h.getValueAtPercentile(90) / 1000.0).put("p99Ms", h.getValueAtPercentile(99) / 1000.0)
                .put("maxMs", h.getMaxValue() / 1000.0);
        return node;
    }

    static void row(String what, Histogram h) {
        System.out.printf("  %-26s p50 %8.2f ms  p90 %8.2f ms  p99 %8.2f ms  max %8.2f ms  (n=%d)%n", what,
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getMaxValue() / 1000.0, h.getTotalCount());
    }

    /** The machine a run was made on, and how busy its CPUs were at the start. */
    static ObjectNode machine() {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("cores", Runtime.getRuntime().availableProcessors());
        try {
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D+", "");
            node.put("memoryKiB", Long.parseLong(mem));
        } catch (Exception e) {
            node.put("memoryKiB", -1);
        }
        node.put("cpuPressureAtStart", cpuPressure());
        node.put("java", System.getProperty("java.version")).put("os", System.getProperty("os.name") + " "
                + System.getProperty("os.version")).put("jailnet", "0.1.0").put("kafkaClients",
                org.apache.kafka.common.utils.AppInfoParser.getVersion()).put("date", Instant.now().toString());
        return node;
    }

    /**
     * Linux's CPU pressure, its {@code some} line: the share of time in which a task waited for a core,
     * averaged over 10, 60 and 300 s. On a shared virtual machine it is high even when this system is idle,
     * and it says how far the figures of two runs can be compared.
     */
    private static String cpuPressure() {
        try {
            return Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
        } catch (Exception e) {
            return "unknown";
        }
    }

    private AuditLedger ledger(String base) {
        return AuditCheck.ledger(calls.pages(base + "/api/audit"));
    }
}

package dev.jailnet.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jailnet.events.Topics;
import dev.jailnet.localstack.KafkaLogins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * What a phase of the benchmark cost the system: the CPU time of each of its processes (as the kernel
 * counts it, for the process ids the control endpoint of {@code jailnet up} names), the records written to
 * jailnet's topics, and the database's transactions, statements and WAL. A snapshot before and after a phase;
 * the difference divided by the lifecycles the phase ran is the cost of one.
 *
 * <p>Each source may be missing (compose has no control endpoint; a PostgreSQL without
 * {@code pg_stat_statements} counts no statements): what is missing is said, never guessed.
 */
final class Costs implements AutoCloseable {

    /**
     * What was counted at one moment; a value of -1 was not available. {@code threads}: each service's CPU by what its
     * threads do ({@link ThreadRoles}).
     */
    record Snapshot(Map<String, Duration> cpu, Map<String, Map<Long, ThreadRoles.ThreadCpu>> threads, long records,
                    long transactions, long writeTransactions, long statements, long walBytes, long walFullPages) {
    }

    /** How the broker's and the database's processes are named in the figures. */
    static final String BROKER = "kafka (jailnet up)";
    static final String DATABASE = "postgres";

    /** The {@code java} launcher's options whose value is the next argument. */
    private static final Set<String> OPTIONS_WITH_A_VALUE = Set.of("-cp", "-classpath", "--class-path", "-p",
            "--module-path", "--upgrade-module-path", "--add-modules", "--add-reads", "--add-exports", "--add-opens",
            "--limit-modules", "--patch-module", "--source");
    /** What the JVM's own options end at: the program (a jar, a module; a main class is any other word). */
    private static final Set<String> PROGRAM_OPTIONS = Set.of("-jar", "-m", "--module");

    private final Map<String, List<Long>> processes;
    private final String processesMissing;
    private final Admin admin;
    private final List<TopicPartition> partitions;
    private final Connection database;
    private final String databaseMissing;
    private final boolean statementsCounted;

    private Costs(Map<String, List<Long>> processes, String processesMissing, Admin admin, List<TopicPartition> partitions,
                  Connection database, String databaseMissing, boolean statementsCounted) {
        this.processes = processes;
        this.processesMissing = processesMissing;
        this.admin = admin;
        this.partitions = partitions;
        this.database = database;
        this.databaseMissing = databaseMissing;
        this.statementsCounted = statementsCounted;
    }

    /**
     * Finds the processes through the control endpoint on {@code controlPort}, the topics on {@code kafka}
     * and the database at {@code jdbcUrl} (or the one the control endpoint names when it is null).
     */
    static Costs connect(int controlPort, String kafka, String jdbcUrl, String user, String password) throws Exception {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        String processesMissing = null;
        String controlJdbc = null;
        try {
            JsonNode status = new Control(controlPort).status();
            controlJdbc = status.path("jdbcUrl").asText(null);
            processes.putAll(processesOf(status));
        } catch (RuntimeException e) {
            processesMissing = "no control endpoint on port " + controlPort + " (CPU is counted for ./jailnet up only)";
        }
        long self = ProcessHandle.current().pid();
        // where the benchmark runs in the JVM of the broker (a test), that JVM is counted once, under both names
        String sharing = processes.entrySet().stream().filter(p -> p.getValue().contains(self))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (sharing != null) {
            processes.remove(sharing);
        }
        processes.put(sharing == null ? "bench" : sharing + " + bench", List.of(self));

        Admin admin = Admin.create(KafkaLogins.clientProperties(kafka));
        List<TopicPartition> partitions = new ArrayList<>();
        Map<String, TopicDescription> topics = admin.describeTopics(Topics.ALL.stream().map(Topics.TopicSpec::name)
                .toList()).allTopicNames().get(30, TimeUnit.SECONDS);
        topics.values().forEach(t -> t.partitions().forEach(p -> partitions.add(new TopicPartition(t.name(),
                p.partition()))));

        String url = jdbcUrl != null ? jdbcUrl : controlJdbc;
        Connection database = null;
        String databaseMissing = null;
        boolean statements = false;
        if (url == null) {
            databaseMissing = "no JDBC URL (give --jdbc-url)";
        } else {
            try {
                database = DriverManager.getConnection(url, user, password);
                database.setAutoCommit(true);
                statements = single(database, "select count(*) from pg_extension where extname = 'pg_stat_statements'")
                        > 0;
            } catch (SQLException e) {
                databaseMissing = "cannot read the database's statistics at " + url + ": " + e.getMessage();
            }
        }
        return new Costs(processes, processesMissing, admin, partitions, database, databaseMissing, statements);
    }

    /**
     * The running components' process ids, named as the figures name them: the replicas of a service under the
     * service's name, together.
     */
    static Map<String, List<Long>> processesOf(JsonNode status) {
        Map<String, List<Long>> processes = new LinkedHashMap<>();
        for (JsonNode component : status.path("components")) {
            long pid = component.path("pid").asLong(-1);
            if (pid > 0) {
                processes.computeIfAbsent(label(component.path("name").asText()), name -> new ArrayList<>()).add(pid);
            }
        }
        return processes;
    }

    /** A replica's processes are one service's; the broker runs in the JVM of {@code jailnet up}. */
    private static String label(String component) {
        String name = component.replaceFirst("#\\d+$", "");
        return "kafka".equals(name) ? BROKER : name;
    }

    Snapshot take() throws Exception {
        Map<String, Duration> cpu = new LinkedHashMap<>();
        Map<String, Map<Long, ThreadRoles.ThreadCpu>> threads = new LinkedHashMap<>();
        processes.forEach((name, pids) -> pids.forEach(pid -> {
            cpu.merge(name, cpu(pid, DATABASE.equals(name)), Duration::plus);
            if (name.endsWith("-service")) {
                threads.computeIfAbsent(name, n -> new HashMap<>()).putAll(ThreadRoles.of(pid));
            }
        }));
        long records = 0;
        ListOffsetsResult offsets = admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p,
                p -> OffsetSpec.latest())));
        for (TopicPartition partition : partitions) {
            records += offsets.partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
        }
        long transactions = -1;
        long writes = -1;
        long statements = -1;
        long walBytes = -1;
        long walFullPages = -1;
        if (database != null) {
            // the next transaction id: exact at once (read-only transactions take none)
            writes = single(database, "select pg_snapshot_xmax(pg_current_snapshot())::text::bigint");
            // every commit and rollback, as each backend reports them: up to a second late
            transactions = single(database, "select xact_commit + xact_rollback from pg_stat_database"
                    + " where datname = current_database()");
            if (statementsCounted) {
                // BEGIN and COMMIT are counted as transactions above; a statement here is one that does something
                statements = single(database, "select coalesce(sum(calls), 0) from pg_stat_statements"
                        + " where dbid = (select oid from pg_database where datname = current_database())"
                        + " and query !~* '^\\s*(begin|commit|rollback|start transaction)'");
            }
            // the whole server's WAL, exact at once; its full page images as the backends report them
            walBytes = single(database, "select (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint");
            walFullPages = single(database, "select wal_fpi from pg_stat_wal");
        }
        return new Snapshot(cpu, threads, records, transactions, writes, statements, walBytes, walFullPages);
    }

    /**
     * The JVM options each Java process of the run was started with, by the names the figures use: the JIT's and the
     * heap's settings move every figure. A process that is not a JVM (the database), or whose arguments cannot be
     * read, is left out; of a service's replicas, the first's.
     */
    ObjectNode jvmOptions() {
        ObjectNode node = Api.JSON.createObjectNode();
        processes.forEach((name, pids) -> pids.stream().findFirst()
                .flatMap(pid -> ProcessHandle.of(pid).flatMap(process -> process.info().arguments()))
                .map(arguments -> jvmOptions(List.of(arguments)))
                .filter(options -> !options.isEmpty())
                .ifPresent(options -> node.set(name, Api.JSON.valueToTree(options))));
        return node;
    }

    /**
     * The {@code -X} options among a {@code java} command's arguments, up to its main class, jar or module: not the
     * program's own arguments, and not the system properties, which may carry secrets.
     */
    static List<String> jvmOptions(List<String> arguments) {
        List<String> options = new ArrayList<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (OPTIONS_WITH_A_VALUE.contains(argument)) {
                i++;
            } else if (PROGRAM_OPTIONS.contains(argument) || !argument.startsWith("-")) {
                break;
            } else if (argument.startsWith("-X")) {
                options.add(argument);
            }
        }
        return options;
    }

    /**
     * The PostgreSQL server's durability settings: figures taken with commits an OS crash can lose do not
     * count, so every run records them.
     */
    ObjectNode durability() {
        ObjectNode node = Api.JSON.createObjectNode();
        if (database == null) {
            node.put("unavailable", databaseMissing);
            return node;
        }
        for (String setting : List.of("synchronous_commit", "fsync", "full_page_writes", "wal_sync_method")) {
            try (Statement show = database.createStatement(); ResultSet value = show.executeQuery("show " + setting)) {
                value.next();
                node.put(setting, value.getString(1));
            } catch (SQLException e) {
                node.put(setting, "unknown: " + e.getMessage());
            }
        }
        return node;
    }

    /** {@code after - before} per lifecycle, printed on one line and returned for the JSON file. */
    ObjectNode perLifecycle(Snapshot before, Snapshot after, int lifecycles) {
        ObjectNode node = Api.JSON.createObjectNode();
        node.put("lifecycles", lifecycles);
        if (lifecycles == 0) {
            return node;
        }
        ObjectNode cpu = cpuPer(before, after, lifecycles);
        node.set("cpuMs", cpu);
        double total = 0;
        StringBuilder each = new StringBuilder();
        for (Map.Entry<String, JsonNode> process : cpu.properties()) {
            total += process.getValue().asDouble();
            each.append(each.isEmpty() ? "" : ", ")
                    .append(String.format("%s %.1f", process.getKey(), process.getValue().asDouble()));
        }
        node.put("cpuMsTotal", total);
        String byThread = byThread(before, after, lifecycles, node.putObject("cpuMsByThread"));
        if (processesMissing != null) {
            node.put("cpuOfTheSystem", "unavailable: " + processesMissing);
        }
        double records = (after.records() - before.records()) / (double) lifecycles;
        node.put("kafkaRecords", records);
        Optional<Double> transactions = per(before.transactions(), after.transactions(), lifecycles);
        Optional<Double> writes = per(before.writeTransactions(), after.writeTransactions(), lifecycles);
        Optional<Double> statements = per(before.statements(), after.statements(), lifecycles);
        transactions.ifPresent(t -> node.put("transactions", t));
        writes.ifPresent(w -> node.put("writeTransactions", w));
        statements.ifPresent(s -> node.put("statements", s));
        Optional<Double> walBytes = per(before.walBytes(), after.walBytes(), lifecycles);
        Optional<Double> walFullPages = per(before.walFullPages(), after.walFullPages(), lifecycles);
        walBytes.ifPresent(b -> node.put("walBytes", b));
        walFullPages.ifPresent(f -> node.put("walFullPageImages", f));
        System.out.printf("  per lifecycle: CPU %.1f ms (%s)%s%n", total, each,
                processesMissing == null ? "" : "; the system's CPU " + processesMissing);
        if (!byThread.isEmpty()) {
            System.out.printf("                 by thread: %s%n", byThread);
        }
        System.out.printf("                 %.1f Kafka records, %s transactions (%s writing), %s statements%n",
                records, transactions.map(t -> String.format("%.1f", t)).orElse("unknown"),
                writes.map(w -> String.format("%.1f", w)).orElse("unknown"),
                statements.map(s -> String.format("%.1f", s)).orElse(database == null ? "unknown"
                        : "unknown (no pg_stat_statements)"));
        walBytes.ifPresent(b -> System.out.printf("                 %.1f kB of WAL (%s full page images)%n", b / 1024,
                walFullPages.map(f -> String.format("%.1f", f)).orElse("unknown")));
        return node;
    }

    /** Each process's CPU per unit of work between two snapshots, {@code count} units: a record, a commit. */
    static ObjectNode cpuPer(Snapshot before, Snapshot after, long count) {
        ObjectNode node = Api.JSON.createObjectNode();
        after.cpu().forEach((process, cpu) -> node.put(process,
                cpu.minus(before.cpu().getOrDefault(process, Duration.ZERO)).toNanos() / 1e6 / Math.max(1, count)));
        return node;
    }

    /**
     * The database's cost of a bare durable commit: {@code count} transactions, one after the other, each inserting one
     * row into a table of its own (made for this and dropped after), on the server the services use and with its
     * settings. Each process's CPU per commit ({@link #cpuPer}) and the commits' latency; unavailable, with why, where
     * the benchmark's database user may not make a table.
     */
    ObjectNode durableCommits(int count) throws Exception {
        ObjectNode node = Api.JSON.createObjectNode();
        if (database == null) {
            return node.put("unavailable", databaseMissing);
        }
        try (Statement ddl = database.createStatement()) {
            ddl.execute("create schema if not exists jailnet_bench");
            ddl.execute("create table if not exists jailnet_bench.durable_commit (id bigint primary key)");
            ddl.execute("truncate jailnet_bench.durable_commit");
        } catch (SQLException e) {
            return node.put("unavailable", "cannot make a table for it: " + e.getMessage());
        }
        Histogram commit = new Histogram(3);
        try (PreparedStatement insert = database.prepareStatement(
                "insert into jailnet_bench.durable_commit (id) values (?)")) {
            int warm = Math.max(100, count / 10);
            Snapshot before = null;
            for (int i = 0; i < warm + count; i++) {
                if (i == warm) {
                    before = take();
                }
                long start = System.nanoTime();
                insert.setLong(1, i);
                insert.executeUpdate();
                if (i >= warm) {
                    commit.recordValue(Math.max(1, (System.nanoTime() - start) / 1000));
                }
            }
            node.set("cpuMsPerCommit", cpuPer(before, take(), count));
        } finally {
            try (Statement ddl = database.createStatement()) {
                ddl.execute("drop schema jailnet_bench cascade");
            }
        }
        node.set("commit", BenchCommand.percentiles(commit));
        return node;
    }

    /**
     * What the broker and the database alone would take per lifecycle at their bare costs: each record at the CPU the
     * broker took per record of the physical limit, each writing transaction at the CPU the database took per bare
     * durable commit. Empty when a count or a cost is unknown.
     */
    static Optional<Double> floor(JsonNode perLifecycle, JsonNode brokerPerRecord, JsonNode databasePerCommit) {
        JsonNode records = perLifecycle.get("kafkaRecords");
        JsonNode writes = perLifecycle.get("writeTransactions");
        JsonNode broker = brokerPerRecord.get(BROKER);
        JsonNode database = databasePerCommit.get(DATABASE);
        if (records == null || writes == null || broker == null || database == null) {
            return Optional.empty();
        }
        return Optional.of(records.asDouble() * broker.asDouble() + writes.asDouble() * database.asDouble());
    }

    /**
     * Each service's CPU per lifecycle by what its threads do, into {@code node}; the time of the threads that ended
     * within the phase is the process's own total less the roles'. Returned as a line to print.
     */
    private static String byThread(Snapshot before, Snapshot after, int lifecycles, ObjectNode node) {
        StringBuilder line = new StringBuilder();
        after.threads().forEach((service, threads) -> {
            Map<String, Duration> roles = ThreadRoles.between(before.threads().getOrDefault(service, Map.of()), threads);
            ObjectNode each = node.putObject(service);
            double counted = 0;
            StringBuilder text = new StringBuilder();
            for (Map.Entry<String, Duration> role : roles.entrySet()) {
                double ms = role.getValue().toNanos() / 1e6 / lifecycles;
                each.put(role.getKey(), ms);
                counted += ms;
                text.append(text.isEmpty() ? "" : ", ").append(String.format("%s %.1f", role.getKey(), ms));
            }
            double total = after.cpu().get(service).minus(before.cpu().getOrDefault(service, Duration.ZERO))
                    .toNanos() / 1e6 / lifecycles;
            double ended = Math.max(0, total - counted);
            each.put("threads that ended", ended);
            text.append(String.format(", threads that ended %.1f", ended));
            line.append(line.isEmpty() ? "" : "; ").append(service).append(" (").append(text).append(')');
        });
        return line.toString();
    }

    private static Optional<Double> per(long before, long after, int lifecycles) {
        return before < 0 || after < 0 ? Optional.empty() : Optional.of((after - before) / (double) lifecycles);
    }

    /**
     * A process's CPU time; for PostgreSQL the postmaster's and every backend's it forked (a backend that
     * ended during the phase takes its time with it: the services' pools keep theirs open).
     */
    private static Duration cpu(long pid, boolean withDescendants) {
        Optional<ProcessHandle> process = ProcessHandle.of(pid);
        if (process.isEmpty()) {
            return Duration.ZERO;
        }
        Duration own = process.get().info().totalCpuDuration().orElse(Duration.ZERO);
        if (!withDescendants) {
            return own;
        }
        return process.get().descendants().map(p -> p.info().totalCpuDuration().orElse(Duration.ZERO))
                .reduce(own.plus(reapedChildren(pid)), Duration::plus);
    }

    /**
     * The CPU of the children that ended and were reaped ({@code cutime} and {@code cstime} of {@code /proc/PID/stat},
     * in the kernel's 100 ticks a second): a database backend or an autovacuum worker that ends within a phase
     * takes its CPU out of the sum of the living, and the parent's account keeps it. Zero where there is no
     * {@code /proc}.
     */
    private static Duration reapedChildren(long pid) {
        try {
            return reapedChildren(Files.readString(Path.of("/proc", Long.toString(pid), "stat")));
        } catch (IOException e) {
            return Duration.ZERO;
        }
    }

    /** The reaped children's CPU in the text of a {@code /proc/PID/stat}; zero if it is not one. */
    static Duration reapedChildren(String stat) {
        return ProcStat.ticks(stat, 16);
    }

    private static long single(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        admin.close();
        if (database != null) {
            database.close();
        }
    }
}

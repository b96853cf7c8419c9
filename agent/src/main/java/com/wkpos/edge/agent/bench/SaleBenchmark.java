package com.wkpos.edge.agent.bench;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.boot.DemoLicense;
import com.wkpos.edge.agent.catalog.Item;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.agent.journal.Database;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.agent.tls.BoxCertificate;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * {@code wk-edge bench sale}: sale commit latency (p50/p99) and throughput for 1 and 8 concurrent
 * clients, in-process and over HTTP, next to a raw SQLite baseline measured in the same run on the
 * same settings (WAL, synchronous=FULL): one single-row INSERT + COMMIT per operation.
 */
public final class SaleBenchmark {
    private static final int WARM_UP = 1_000;

    private SaleBenchmark() {
    }

    /**
     * One measured scenario: per-operation latencies in nanoseconds, the wall time for all of them, and the
     * CPU the whole process (agent and clients) spent meanwhile: on a shared VM the wall time moves with the
     * neighbours, the CPU per operation much less, so builds are compared on both.
     */
    record Result(String name, int clients, long[] latencies, long wallNanos, long cpuNanos) {
        /** A scenario whose CPU was not measured. */
        Result(String name, int clients, long[] latencies, long wallNanos) {
            this(name, clients, latencies, wallNanos, 0);
        }

        double p(double q) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
        }

        double perSecond() {
            return latencies.length / (wallNanos / 1e9);
        }

        double cpuMsPerOp() {
            return cpuNanos / 1e6 / latencies.length;
        }
    }

    public static int run(List<String> args, PrintStream out) {
        int sales = 2_000;
        int warmUp = WARM_UP;
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--sales" -> sales = Integer.parseInt(args.get(++i));
                case "--warm-up" -> warmUp = Integer.parseInt(args.get(++i));
                case "--state-dir" -> dir = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i));
            }
        }
        try {
            Path base = dir != null ? dir : Files.createTempDirectory("wk-edge-bench");
            return measure(base, sales, warmUp, out);
        } catch (IOException | SQLException | InterruptedException e) {
            throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
        }
    }

    private static int measure(Path base, int sales, int warmUp, PrintStream out) throws IOException, SQLException,
            InterruptedException {
        out.printf("WK Edge sale benchmark: %d operations per scenario, %d cores, Java %s, %s %s%n", sales,
                Runtime.getRuntime().availableProcessors(), Runtime.version(), System.getProperty("os.name"),
                System.getProperty("os.arch"));
        List<Result> results = new ArrayList<>();
        results.add(raw(base.resolve("raw"), sales));
        // the agent as screens meet it: licensed, HTTPS with its own certificate, a paired screen's token
        Path keys = DemoLicense.ensure(base.resolve("agent"), Clock.systemUTC());
        AgentConfig config = AgentConfig.parse(List.of("--state-dir", base.resolve("agent").toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--demo-till", "--license-keys", keys.toString(), "--tenant", DemoLicense.TENANT));
        double walPages;
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            // serialized items sell by serial number, which a generated basket does not have
            List<Item> items = agent.catalogs().current().items().stream().filter(i -> !i.serialized())
                    .sorted(Comparator.comparing(Item::sku)).toList();
            openShift(agent);
            Random random = new Random(42);
            inProcess(agent, items, random, warmUp, 1);
            results.add(inProcess(agent, items, random, sales, 1));
            results.add(inProcess(agent, items, random, sales, 8));
            walPages = walPagesPerSale(agent, items, random, 50);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .sslContext(BoxCertificate.trusting(agent.certificate().certificate()))
                    .connectTimeout(Duration.ofSeconds(5)).build();
            URI uri = URI.create(agent.url("127.0.0.1") + "api/v1/sales");
            String token = agent.pairing().pair(agent.pairing().issueCode("bench").code(), "bench", "").token();
            String staff = login(http, URI.create(agent.url("127.0.0.1") + "api/v1/staff/login"), token);
            overHttp(http, uri, token, staff, items, random, warmUp, 1);
            results.add(overHttp(http, uri, token, staff, items, random, sales, 1));
            results.add(overHttp(http, uri, token, staff, items, random, sales, 8));
        }
        double baseline = results.getFirst().p(0.5);
        out.printf("%-34s %7s %8s %9s %9s %10s %12s %11s%n", "scenario", "clients", "ops", "p50 ms", "p99 ms", "ops/s",
                "p50/raw p50", "CPU ms/op");
        for (Result r : results) {
            out.printf("%-34s %7d %8d %9.3f %9.3f %10.0f %11.2fx %11.3f%n", r.name(), r.clients(),
                    r.latencies().length, r.p(0.5), r.p(0.99), r.perSecond(), r.p(0.5) / baseline, r.cpuMsPerOp());
        }
        out.printf("WAL pages appended per sale commit (one sale at a time, 4,096-byte pages): %.1f%n", walPages);
        try (Stream<Path> files = Files.walk(base)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return 0;
    }

    /** The till sells only within a shift: the demo cashier opens one, as a store does in the morning. */
    static void openShift(Agent agent) {
        if (agent.shifts().openShifts().isEmpty()) {
            agent.shifts().open(StaffDirectory.demo().find("anna").orElseThrow(), 10_000);
        }
    }

    private static Result raw(Path dir, int n) throws IOException, SQLException {
        Files.createDirectories(dir);
        Database.nativeTmpDirUnder(dir);
        try (Connection c = Database.open(dir.resolve("raw.db"), false)) {
            Database.exec(c, "CREATE TABLE raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
            long[] lat = new long[n];
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO raw (payload) VALUES (?)")) {
                long start = System.nanoTime();
                long cpu = processCpuNanos();
                for (int i = 0; i < n; i++) {
                    long t = System.nanoTime();
                    Database.exec(c, "BEGIN IMMEDIATE");
                    insert.setString(1, "sale " + i);
                    insert.executeUpdate();
                    Database.exec(c, "COMMIT");
                    lat[i] = System.nanoTime() - t;
                }
                return new Result("raw SQLite INSERT+COMMIT (baseline)", 1, lat, System.nanoTime() - start,
                        processCpuNanos() - cpu);
            }
        }
    }

    /**
     * What one sale's commit writes and syncs: the WAL is emptied by a checkpoint before each sale and its
     * length in pages read after it.
     */
    private static double walPagesPerSale(Agent agent, List<Item> items, Random random, int n) throws SQLException {
        long pages = 0;
        try (Connection c = Database.open(agent.journal().file(), false)) {
            for (int i = 0; i < n; i++) {
                if (walFrames(c, "TRUNCATE") != 0) {
                    throw new IllegalStateException("the WAL could not be emptied before sale " + i);
                }
                agent.sales().complete(randomSale(items, random), UUID.randomUUID().toString(), "bench");
                pages += walFrames(c, "PASSIVE");
            }
        }
        return (double) pages / n;
    }

    /** Checkpoints and answers the pages left in the WAL (-1 when a reader kept it from being checkpointed). */
    private static long walFrames(Connection c, String mode) throws SQLException {
        try (var s = c.createStatement(); var rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            return rs.getInt(1) != 0 ? -1 : rs.getLong(2);
        }
    }

    private static SaleRequest randomSale(List<Item> items, Random random) {
        int lines = 1 + random.nextInt(4);
        List<SaleRequest.Line> l = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            l.add(new SaleRequest.Line(items.get(random.nextInt(items.size())).sku(), null, 1L + random.nextInt(3)));
        }
        return new SaleRequest(l, null, List.of(new SaleRequest.Payment("CASH", 1_000_000L)));
    }

    private static Result inProcess(Agent agent, List<Item> items, Random random, int n, int clients)
            throws InterruptedException {
        List<SaleRequest> requests = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            requests.add(randomSale(items, random));
        }
        return concurrently("in-process Sales.complete", clients, requests, r -> {
            agent.sales().complete(r, UUID.randomUUID().toString(), "bench");
        });
    }

    /** The demo cashier's staff session, logged in as a screen does: the till sells only to a logged-in cashier. */
    private static String login(HttpClient http, URI uri, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"staffId\":\"anna\",\"pin\":\"1111\"}")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("staff login answered " + response.statusCode() + ": " + response.body());
        }
        return CanonicalJson.MAPPER.readTree(response.body()).path("token").asText();
    }

    private static Result overHttp(HttpClient http, URI uri, String token, String staff, List<Item> items,
                                   Random random, int n, int clients)
            throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            SaleRequest r = randomSale(items, random);
            StringBuilder json = new StringBuilder("{\"lines\":[");
            for (int j = 0; j < r.lines().size(); j++) {
                json.append(j == 0 ? "" : ",").append("{\"sku\":\"").append(r.lines().get(j).sku())
                        .append("\",\"qty\":").append(r.lines().get(j).qty()).append('}');
            }
            json.append("],\"payments\":[{\"method\":\"CASH\",\"amount\":1000000}]}");
            bodies.add(json.toString());
        }
        return concurrently("HTTPS POST /api/v1/sales", clients, bodies, body -> {
            HttpRequest request = HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + token)
                    .header("X-WK-Staff", staff)
                    .header("Idempotency-Key", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("sale answered " + response.statusCode() + ": " + response.body());
            }
        });
    }

    private interface Operation<T> {
        void run(T input) throws Exception;
    }

    private static <T> Result concurrently(String name, int clients, List<T> inputs, Operation<T> op)
            throws InterruptedException {
        long[] lat = new long[inputs.size()];
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> futures = new ArrayList<>();
            long start = System.nanoTime();
            long cpu = processCpuNanos();
            for (int c = 0; c < clients; c++) {
                int client = c;
                futures.add(pool.submit(() -> {
                    for (int i = client; i < inputs.size(); i += clients) {
                        long t = System.nanoTime();
                        op.run(inputs.get(i));
                        lat[i] = System.nanoTime() - t;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(name + " failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            return new Result(name, clients, lat, System.nanoTime() - start, processCpuNanos() - cpu);
        }
    }

    private static long processCpuNanos() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }
}

package com.wkpos.edge.agent.bench;

import com.wkpos.edge.agent.backoffice.BackOffice;
import com.wkpos.edge.agent.backoffice.BackOfficeReports;
import com.wkpos.edge.agent.backoffice.ReportFormats;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.boot.DemoLicense;
import com.wkpos.edge.agent.catalog.Item;
import com.wkpos.edge.agent.customer.Customers;
import com.wkpos.edge.agent.customer.LoyaltyRule;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.agent.staff.StaffDirectory;
import com.wkpos.edge.agent.staff.StaffMember;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code wk-edge bench reports}: the monthly report over a year of a busy branch (by default 300,000 journal
 * entries: sales, service jobs, payments, expenses, made through the real commands), its p50 and the heap it
 * takes beyond what was in use before, next to a baseline measured in the same run: plain SQL sums over the
 * same tables and range. Also the daily report over the year and the monthly report as XLSX and PDF.
 */
public final class ReportsBenchmark {
    private static final ZoneId ZONE = ZoneId.of("Europe/Berlin");

    private ReportsBenchmark() {
    }

    public static int run(List<String> args, PrintStream out) {
        int entries = 300_000;
        int runs = 10;
        Path dir = null;
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--entries" -> entries = Integer.parseInt(args.get(++i));
                case "--runs" -> runs = Integer.parseInt(args.get(++i));
                case "--state-dir" -> dir = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                        + "; usage: bench reports [--entries N] [--runs N] [--state-dir DIR]");
            }
        }
        try {
            Path base = dir != null ? dir : Files.createTempDirectory("wk-bench-reports");
            return measure(base, entries, runs, out);
        } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("benchmark failed: " + e.getMessage(), e);
        }
    }

    private static int measure(Path base, int entries, int runs, PrintStream out)
            throws IOException, InterruptedException, java.util.concurrent.ExecutionException {
        Path state = base.resolve("agent");
        Path keys = DemoLicense.ensure(state, Clock.systemUTC());
        AgentConfig config = AgentConfig.parse(List.of("--state-dir", state.toString(), "--listen", "127.0.0.1:0",
                "--demo-catalog", "--demo-till", "--license-keys", keys.toString(), "--tenant", DemoLicense.TENANT));
        out.printf("WK Edge reports benchmark: %d cores, Java %s, max heap %d MB, %s %s%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("os.name"), System.getProperty("os.arch"));
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            StaffMember manager = StaffDirectory.demo().find("maria").orElseThrow();
            if (agent.shifts().openShifts().isEmpty()) {
                agent.shifts().open(manager, 10_000);
            }
            BackOffice office = new BackOffice(agent.journal(), Clock.systemUTC(), ZONE, "EUR");
            BackOfficeReports reports = new BackOfficeReports(agent.journal(), Clock.systemUTC(), ZONE, "EUR",
                    OptionalLong::empty);
            long have = agent.journal().head().seq();
            if (have < entries) {
                long t = System.nanoTime();
                fill(agent, office, manager, entries - (int) have);
                out.printf("made %d journal entries in %.0f s%n", agent.journal().head().seq() - have,
                        (System.nanoTime() - t) / 1e9);
            }
            LocalDate to = LocalDate.now(ZONE);
            LocalDate from = to.minusYears(1).plusDays(1);
            out.printf("journal: %d entries (%s); range %s..%s%n", agent.journal().head().seq(), counts(agent), from, to);
            Measured baseline = time(runs, () -> baseline(agent, from, to));
            Measured monthly = time(runs, () -> reports.run(reports.query("monthly", from.toString(), to.toString(), null)));
            Measured daily = time(runs, () -> reports.run(reports.query("daily", from.toString(), to.toString(), null)));
            BackOfficeReports.Report report = reports.run(reports.query("monthly", from.toString(), to.toString(), null));
            Measured xlsx = time(runs, () -> render(report, ReportFormats.Format.XLSX));
            Measured pdf = time(runs, () -> render(report, ReportFormats.Format.PDF));
            out.printf("%-44s %9s %9s %14s%n", "scenario", "p50 ms", "max ms", "peak heap +MB");
            for (var r : List.of(baseline.named("raw SQL sums over the same rows (baseline)"),
                    monthly.named("monthly report, 1 year (JSON model)"), daily.named("daily report, 1 year"),
                    xlsx.named("monthly as XLSX (render only)"), pdf.named("monthly as PDF (render only)"))) {
                out.printf("%-44s %9.1f %9.1f %14.1f%n", r.name, r.p50(), r.max(), r.peakHeapMb);
            }
            out.printf("monthly p50 / baseline p50: %.2fx; target: monthly <= 2000 ms and <= 64 MB extra heap%n",
                    monthly.p50() / baseline.p50());
            return monthly.p50() <= 2000 && monthly.peakHeapMb <= 64 ? 0 : 1;
        }
    }

    private static Object render(BackOfficeReports.Report report, ReportFormats.Format format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReportFormats.write(report.table(), format, out);
        return out.size();
    }

    /** A busy branch's year: 60% sales (today), 20% jobs, 13% payments, 7% expenses on days across the year. */
    private static void fill(Agent agent, BackOffice office, StaffMember manager, int n)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        List<Item> items = agent.catalogs().current().items().stream().filter(i -> !i.serialized())
                .sorted(Comparator.comparing(Item::sku)).toList();
        Customers customers = new Customers(agent.journal(), Clock.systemUTC(), LoyaltyRule.defaults(), "EUR");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            ids.add(customers.create(new Customers.Details(null, "Kunde " + i, null, null), manager.actor()).id());
        }
        LocalDate today = LocalDate.now(ZONE);
        List<String> jobs = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicLong left = new AtomicLong(n - ids.size());
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            long seed = t;
            futures.add(pool.submit(() -> {
                Random r = new Random(seed);
                while (left.getAndDecrement() > 0) {
                    int pick = r.nextInt(100);
                    LocalDate day = today.minusDays(r.nextInt(365));
                    if (pick < 60) {
                        agent.sales().complete(new SaleRequest(List.of(new SaleRequest.Line(items.get(r.nextInt(
                                items.size())).sku(), null, 1L + r.nextInt(3))), null, List.of(new SaleRequest.Payment(
                                "CASH", 1_000_000L))), UUID.randomUUID().toString(),
                                "bench");
                    } else if (pick < 80 || jobs.isEmpty()) {
                        jobs.add(office.createJob(new BackOffice.NewJob(null, ids.get(r.nextInt(ids.size())), "Reinigung",
                                day.toString(), 1_000L + r.nextInt(50_000), null), manager).id());
                    } else if (pick < 93) {
                        BackOffice.Job j = office.find(jobs.get(r.nextInt(jobs.size()))).orElseThrow();
                        if (j.outstanding() > 0) {
                            office.pay(j.id(), new BackOffice.NewPayment(null, r.nextBoolean() ? "CASH" : "BANK",
                                    Math.max(1, j.outstanding() / 2), j.serviceDate().compareTo(day.toString()) > 0
                                            ? j.serviceDate() : day.toString()), manager);
                        }
                    } else {
                        office.expense(new BackOffice.NewExpense(null, BackOffice.CATEGORIES.get(r.nextInt(
                                BackOffice.CATEGORIES.size())), 100L + r.nextInt(5_000), "BANK", day.toString(),
                                "Material"), manager);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
    }

    private static String counts(Agent agent) {
        return agent.journal().read(c -> {
            List<String> parts = new ArrayList<>();
            for (String table : List.of("sales", "service_jobs", "job_payments", "expenses")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table);
                     ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    parts.add(rs.getLong(1) + " " + table);
                }
            }
            return String.join(", ", parts);
        });
    }

    /** The same rows summed by SQL alone: what reading them costs without bucketing them by day. */
    private static Object baseline(Agent agent, LocalDate from, LocalDate to) {
        return agent.journal().read(c -> {
            long sum = 0;
            for (String sql : List.of(
                    "SELECT SUM(total) FROM sales WHERE occurred_at >= ? AND occurred_at < ?",
                    "SELECT SUM(amount) FROM refunds WHERE occurred_at >= ? AND occurred_at < ?",
                    "SELECT SUM(amount) FROM service_jobs WHERE service_date BETWEEN ? AND ?",
                    "SELECT SUM(delta) FROM job_adjustments WHERE local_date BETWEEN ? AND ?",
                    "SELECT SUM(amount) FROM job_payments WHERE paid_on BETWEEN ? AND ?",
                    "SELECT SUM(amount) FROM expenses WHERE expense_date BETWEEN ? AND ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, from.toString());
                    ps.setString(2, sql.contains("occurred_at") ? to.plusDays(1).toString() : to.toString());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        sum += rs.getLong(1);
                    }
                }
            }
            return sum;
        });
    }

    /** Latencies of {@code runs} runs after one warm-up, and the most heap in use beyond the start, sampled each ms. */
    private record Measured(String name, long[] nanos, double peakHeapMb) {
        Measured named(String n) {
            return new Measured(n, nanos, peakHeapMb);
        }

        double p50() {
            long[] s = nanos.clone();
            Arrays.sort(s);
            return s[(s.length - 1) / 2] / 1e6;
        }

        double max() {
            return Arrays.stream(nanos).max().orElse(0) / 1e6;
        }
    }

    private static Measured time(int runs, java.util.function.Supplier<Object> work) throws InterruptedException {
        work.get();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] nanos = new long[runs];
        long peak = 0;
        for (int i = 0; i < runs; i++) {
            System.gc();
            long before = memory.getHeapMemoryUsage().getUsed();
            AtomicLong max = new AtomicLong(before);
            Thread sampler = Thread.ofPlatform().daemon(true).start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long t = System.nanoTime();
            work.get();
            nanos[i] = System.nanoTime() - t;
            max.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
            sampler.interrupt();
            sampler.join();
            peak = Math.max(peak, max.get() - before);
        }
        return new Measured("", nanos, peak / 1048576.0);
    }
}

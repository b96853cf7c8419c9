package com.wkpos.edge.agent.bench;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.agent.print.ReceiptFacts;
import com.wkpos.edge.agent.print.SaleReceipts;
import com.wkpos.edge.agent.sale.SaleRequest;
import com.wkpos.edge.drivers.api.CardOutcome;
import com.wkpos.edge.drivers.api.DeviceException;
import com.wkpos.edge.drivers.api.DeviceUri;
import com.wkpos.edge.drivers.escpos.PrinterSimulator;
import com.wkpos.edge.drivers.escpos.ReceiptLayout;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import com.wkpos.edge.drivers.zvt.ZvtTerminal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code wk-edge bench devices}: (1) time from a sale's commit to the last byte of its receipt at the
 * simulated TCP printer, against a baseline of writing the same receipt bytes straight to a socket;
 * (2) ZVT authorization round trip through the driver against the simulator, against a baseline of a
 * bare loopback TCP request/answer of an APDU's size.
 */
public final class DeviceBenchmark {
    private DeviceBenchmark() {
    }

    public static int run(List<String> args, PrintStream out) {
        int n = args.size() == 2 && args.get(0).equals("--ops") ? Integer.parseInt(args.get(1)) : 300;
        try {
            Path dir = Files.createTempDirectory("wk-edge-bench-devices");
            out.printf("WK Edge device benchmark: %d operations per scenario, %d cores, Java %s%n", n,
                    Runtime.getRuntime().availableProcessors(), Runtime.version());
            List<SaleBenchmark.Result> results = new ArrayList<>();
            receipts(dir, n, results);
            zvt(n, results);
            out.printf("%-46s %8s %9s %9s %9s%n", "scenario", "ops", "p50 ms", "p99 ms", "ops/s");
            for (SaleBenchmark.Result r : results) {
                out.printf("%-46s %8d %9.3f %9.3f %9.0f%n", r.name(), r.latencies().length, r.p(0.5), r.p(0.99),
                        r.perSecond());
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            return 0;
        } catch (IOException | InterruptedException | DeviceException e) {
            throw new IllegalStateException("device benchmark failed: " + e.getMessage(), e);
        }
    }

    private static void receipts(Path dir, int n, List<SaleBenchmark.Result> results)
            throws IOException, InterruptedException {
        AgentConfig config = AgentConfig.parse(List.of("--state-dir", dir.resolve("agent").toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--device", "printer=sim"));
        try (Agent agent = Agent.start(config, Clock.systemUTC())) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (agent.devices().printer().isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            SaleBenchmark.openShift(agent);
            PrinterSimulator sim = agent.drivers().printerSimulator();
            BlockingQueue<Long> cuts = new ArrayBlockingQueue<>(n + 100);
            sim.onReceipt((text, index) -> cuts.add(System.nanoTime()));
            SaleRequest sale = new SaleRequest(List.of(new SaleRequest.Line("COF-250", null, 2L),
                    new SaleRequest.Line("BAK-CRO", null, 3L)), null, List.of(new SaleRequest.Payment("CASH", 5000L)));
            long[] lat = new long[n];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                agent.sales().complete(sale, UUID.randomUUID().toString(), "bench");
                long committed = System.nanoTime();
                Long cut = cuts.poll(30, TimeUnit.SECONDS);
                if (cut == null) {
                    throw new IllegalStateException("receipt " + i + " did not print within 30 s");
                }
                lat[i] = cut - committed;
            }
            results.add(new SaleBenchmark.Result("sale commit -> last receipt byte (sim TCP)", 1, lat,
                    System.nanoTime() - start));
            results.add(rawReceiptWrite(sim, receiptBytes(agent), cuts, n));
        }
    }

    /** The bytes of a real receipt, rendered as the print worker renders them. */
    private static byte[] receiptBytes(Agent agent) {
        PrintJob job = PrintJob.ofSale("bench", firstSaleId(agent), PrintJob.Kind.ORIGINAL, PrintJob.Status.QUEUED, 0, null);
        ReceiptFacts facts = new ReceiptFacts(List.of("WK branch"), java.time.ZoneId.of("Europe/Berlin"), "bench",
                id -> id, actor -> actor, document -> java.util.Optional.empty());
        return new SaleReceipts(agent.sales()::find, facts, ReceiptLayout.of(48, "CP858")).render(job, false);
    }

    private static String firstSaleId(Agent agent) {
        return agent.journal().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT id FROM sales ORDER BY seq LIMIT 1")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static SaleBenchmark.Result rawReceiptWrite(PrinterSimulator sim, byte[] job, BlockingQueue<Long> cuts,
                                                        int n) throws IOException, InterruptedException {
        long[] lat = new long[n];
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), sim.port())) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                out.write(job);
                out.flush();
                Long cut = cuts.poll(30, TimeUnit.SECONDS);
                if (cut == null) {
                    throw new IllegalStateException("raw receipt " + i + " was not cut within 30 s");
                }
                lat[i] = cut - t;
            }
            return new SaleBenchmark.Result("baseline: raw socket write of the receipt", 1, lat, System.nanoTime() - start);
        }
    }

    private static void zvt(int n, List<SaleBenchmark.Result> results)
            throws IOException, DeviceException, InterruptedException {
        try (ZvtSimulator sim = ZvtSimulator.start();
             ZvtTerminal terminal = ZvtTerminal.open(DeviceUri.parse("zvt+tcp://127.0.0.1:" + sim.port()))) {
            terminal.register("EUR");
            long[] lat = new long[n];
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                long t = System.nanoTime();
                CardOutcome outcome = terminal.authorize(1 + i, "EUR", prompt -> { });
                lat[i] = System.nanoTime() - t;
                if (!(outcome instanceof CardOutcome.Approved)) {
                    throw new IllegalStateException("authorization " + i + " was " + outcome);
                }
            }
            results.add(new SaleBenchmark.Result("ZVT authorize via driver (simulator, TCP)", 1, lat,
                    System.nanoTime() - start));
        }
        results.add(pingPong(n));
    }

    /** A bare request/answer on loopback TCP: the floor under any ZVT exchange. */
    private static SaleBenchmark.Result pingPong(int n) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream(); OutputStream o = s.getOutputStream()) {
                    s.setTcpNoDelay(true);
                    byte[] buf = new byte[16];
                    while (in.readNBytes(buf, 0, 12) == 12) {
                        o.write(buf, 0, 3);
                        o.flush();
                    }
                } catch (IOException ignored) {
                    // the client closed: the benchmark is over
                }
            });
            long[] lat = new long[n];
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                s.setTcpNoDelay(true);
                byte[] apdu = {0x06, 0x01, 0x09, 0x04, 0, 0, 0, 0, 0x01, 0x00, 0x49, 0x09};
                long start = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    long t = System.nanoTime();
                    s.getOutputStream().write(apdu);
                    s.getOutputStream().flush();
                    s.getInputStream().readNBytes(3);
                    lat[i] = System.nanoTime() - t;
                }
                SaleBenchmark.Result r = new SaleBenchmark.Result("baseline: one TCP request/answer (loopback)", 1, lat,
                        System.nanoTime() - start);
                echo.interrupt();
                return r;
            }
        }
    }
}

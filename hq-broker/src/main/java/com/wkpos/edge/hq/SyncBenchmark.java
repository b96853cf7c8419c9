package com.wkpos.edge.hq;

import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.EntryHash;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@code ./wk-edge bench sync-drain [--entries N] [--broker URL] [--db JDBC-URL]} and
 * {@code bench sync-fanout [--branches N] [--broker URL]}: a journal backlog drained into HQ through the
 * broker with the branch's windowed, ack-driven upload, and one price version fanned out to N branch
 * subscribers that each check its signature; each next to a raw Paho QoS 1 baseline in the same run.
 */
public final class SyncBenchmark {
    private static final int BATCH = 500;
    private static final int WINDOW = 8;

    private SyncBenchmark() {
    }

    public static int run(List<String> args, PrintStream out) throws Exception {
        String kind = args.getFirst();
        int n = kind.equals("sync-drain") ? 100_000 : 500;
        String broker = null;
        String db = null;
        for (Iterator<String> it = args.subList(1, args.size()).iterator(); it.hasNext(); ) {
            switch (it.next()) {
                case "--entries", "--branches" -> n = Integer.parseInt(it.next());
                case "--broker" -> broker = it.next();
                case "--db" -> db = it.next();
                default -> throw new IllegalArgumentException("bench " + kind + " [--entries N|--branches N] [--broker URL]"
                        + " [--db JDBC-URL]");
            }
        }
        Path dir = Files.createTempDirectory("wk-bench-hq");
        List<String> hqArgs = new ArrayList<>(List.of("--state-dir", dir.toString(), "--listen", "127.0.0.1:0",
                "--tenant", "bench"));
        if (broker != null) {
            hqArgs.addAll(List.of("--broker", broker));
        } else {
            hqArgs.addAll(List.of("--mqtt-listen", "127.0.0.1:" + freePort()));
        }
        if (db != null) {
            hqArgs.addAll(List.of("--db", db));
        }
        try (Hq hq = Hq.start(HqConfig.parse(hqArgs), Clock.systemUTC(), List.of())) {
            awaitConnected(hq);
            out.println("broker " + hq.brokerUrl() + ", store " + (db == null ? "SQLite " + dir : db));
            if (kind.equals("sync-drain")) {
                drain(hq, n, out);
            } else {
                fanout(hq, n, out);
            }
        }
        return 0;
    }

    private static void drain(Hq hq, int n, PrintStream out) throws Exception {
        String device = UUID.randomUUID().toString();
        List<byte[]> batches = batches(device, n);
        long bytes = batches.stream().mapToLong(b -> b.length).sum();
        double raw = rawPublish(hq.brokerUrl(), batches);
        AtomicLong acked = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        int total = n;
        MqttLink branch = link(hq.brokerUrl(), List.of(Topics.downAck("bench", "b1")), (t, p) -> {
            long a = SyncCodec.decode(p, Ack.class).ackedSeq();
            acked.accumulateAndGet(a, Math::max);
            if (a >= total) {
                done.countDown();
            }
        });
        long start = System.nanoTime();
        int next = 0;
        while (done.getCount() > 0) {
            long inFlightBatches = (next * (long) BATCH - acked.get() + BATCH - 1) / BATCH;
            if (next < batches.size() && inFlightBatches < WINDOW) {
                branch.publish(Topics.upJournal("bench", "b1"), batches.get(next++), false).join();
            } else {
                done.await(2, TimeUnit.MILLISECONDS);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        branch.close();
        if (hq.entries(device) != n) {
            throw new IllegalStateException("HQ holds " + hq.entries(device) + " entries, expected " + n);
        }
        out.printf("sync-drain: %d entries (%d batches of %d, %.1f MB) acked by HQ in %.2f s = %.0f entries/s%n", n,
                batches.size(), BATCH, bytes / 1e6, secs, n / secs);
        out.printf("raw baseline: the same bytes published with Paho QoS 1 to a counting subscriber: %.0f entries/s%n", raw);
    }

    private static double rawPublish(String url, List<byte[]> batches) throws Exception {
        CountDownLatch got = new CountDownLatch(batches.size());
        MqttLink sink = link(url, List.of("bench/raw"), (t, p) -> got.countDown());
        MqttLink source = link(url, List.of(), (t, p) -> { });
        long start = System.nanoTime();
        List<java.util.concurrent.CompletableFuture<Void>> pending = new ArrayList<>();
        for (byte[] b : batches) {
            pending.add(source.publish("bench/raw", b, false));
            if (pending.size() >= WINDOW) {
                pending.removeFirst().join();
            }
        }
        got.await(5, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - start) / 1e9;
        source.close();
        sink.close();
        return batches.size() * (double) BATCH / secs;
    }

    private static void fanout(Hq hq, int branches, PrintStream out) throws Exception {
        hq.importCatalog("bench", SyncCodec.MAPPER.readTree("{\"currency\":\"EUR\",\"taxRates\":[],\"categories\":[],"
                + "\"promotions\":[],\"products\":[{\"id\":\"p1\",\"variants\":[{\"sku\":\"SKU-1\",\"price\":100}]}]}"));
        Ed25519.Verifier verifier = new Ed25519.Verifier(Ed25519.publicKey(hq.publicKeyPem(), "HQ"));
        AtomicLongArray applied = new AtomicLongArray(branches);
        CountDownLatch all = new CountDownLatch(branches);
        List<MqttLink> subs = new ArrayList<>();
        for (int i = 0; i < branches; i++) {
            int me = i;
            subs.add(link(hq.brokerUrl(), List.of(Topics.allDownCatalog("bench"), "bench/raw-fanout"), (t, p) -> {
                if (t.startsWith("bench/raw")) {
                    rawSeen(applied, me, all);
                    return;
                }
                Downstream d = SyncCodec.decode(p, SignedMessage.class).open(verifier, Downstream.class);
                if (d.version() == 2 && applied.compareAndSet(me, 0, System.nanoTime())) {
                    all.countDown();
                }
            }));
        }
        for (MqttLink s : subs) {
            awaitConnected(s);
        }
        long start = System.nanoTime();
        hq.setPrice("bench", "SKU-1", 150, List.of());
        all.await(60, TimeUnit.SECONDS);
        long[] signed = latencies(applied, start);
        byte[] sameBytes = SyncCodec.encode(SignedMessage.sign(new Downstream("bench", 3, 2, false, null,
                java.util.Map.of()), new Ed25519.Signer(Ed25519.generate())));
        AtomicLongArray raw = new AtomicLongArray(branches);
        rawLatch = new CountDownLatch(branches);
        rawTimes = raw;
        MqttLink pub = link(hq.brokerUrl(), List.of(), (t, p) -> { });
        long rawStart = System.nanoTime();
        pub.publish("bench/raw-fanout", sameBytes, false).join();
        rawLatch.await(60, TimeUnit.SECONDS);
        long[] rawLat = latencies(raw, rawStart);
        pub.close();
        subs.forEach(MqttLink::close);
        out.printf("sync-fanout: one signed price version to %d subscribers (%d applied): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                branches, signed.length, pct(signed, 50), pct(signed, 99), pct(signed, 100));
        out.printf("raw baseline: the same bytes, plain QoS 1 publish, no signature check (%d got it): p50 %.1f ms, p99 %.1f ms%n",
                rawLat.length, pct(rawLat, 50), pct(rawLat, 99));
    }

    private static volatile CountDownLatch rawLatch;
    private static volatile AtomicLongArray rawTimes;

    private static void rawSeen(AtomicLongArray ignored, int me, CountDownLatch all) {
        if (rawTimes != null && rawTimes.compareAndSet(me, 0, System.nanoTime())) {
            rawLatch.countDown();
        }
    }

    private static long[] latencies(AtomicLongArray at, long start) {
        long[] out = new long[at.length()];
        int k = 0;
        for (int i = 0; i < at.length(); i++) {
            if (at.get(i) != 0) {
                out[k++] = at.get(i) - start;
            }
        }
        long[] r = Arrays.copyOf(out, k);
        Arrays.sort(r);
        return r;
    }

    private static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static List<byte[]> batches(String device, int n) {
        List<byte[]> out = new ArrayList<>();
        List<JournalBatch.Entry> entries = new ArrayList<>(BATCH);
        String prev = EntryHash.GENESIS;
        String payload = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1,\"unitPrice\":499}],\"total\":499,\"currency\":\"EUR\","
                + "\"payments\":[{\"method\":\"CASH\",\"amount\":500}],\"occurredAt\":\"2026-11-21T10:00:00Z\"}";
        for (long seq = 1; seq <= n; seq++) {
            String id = UUID.randomUUID().toString();
            String hash = EntryHash.hash(prev, seq, id, device, seq << 16, "bench.entry", payload);
            entries.add(new JournalBatch.Entry(seq, id, seq << 16, "bench.entry", payload, prev, hash));
            prev = hash;
            if (entries.size() == BATCH || seq == n) {
                out.add(SyncCodec.encode(JournalBatch.of("bench", "b1", device, entries)));
                entries = new ArrayList<>(BATCH);
            }
        }
        return out;
    }

    private static MqttLink link(String url, List<String> subs, MqttLink.Handler handler) {
        MqttLink l = new MqttLink(new MqttLink.Options(url, "bench-" + UUID.randomUUID(), subs, null, 64,
                Duration.ofSeconds(30), Duration.ofSeconds(2)), handler, () -> { }).start();
        awaitConnected(l);
        return l;
    }

    private static void awaitConnected(MqttLink l) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!l.connected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no connection to " + l.brokerUrl());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    private static void awaitConnected(Hq hq) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!hq.brokerConnected()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("HQ has no broker connection");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
        }
    }

    private static int freePort() throws java.io.IOException {
        try (var s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

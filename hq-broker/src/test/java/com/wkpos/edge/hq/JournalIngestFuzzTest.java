package com.wkpos.edge.hq;

import static com.wkpos.edge.protocol.fuzz.Fuzz.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.hq.TillEntries.Line;
import com.wkpos.edge.hq.TillEntries.Pay;
import com.wkpos.edge.protocol.EntryHash;
import com.wkpos.edge.protocol.HybridLogicalClock;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.fuzz.Mutations;
import com.wkpos.edge.protocol.mqtt.MqttTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A branch's journal as HQ takes it off the broker, with entry payloads mutated behind a correct hash
 * chain (a till that journals something odd, or a box that was tampered with): HQ stores, projects and
 * acknowledges each batch (what it cannot project is alarmed, not retried), and never fails with an
 * exception out of the broker's callback.
 */
class JournalIngestFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @TempDir
    Path dir;
    private HqDatabase db;
    private HqSync sync;
    private final HqMetrics metrics = new HqMetrics();
    private final AtomicInteger acks = new AtomicInteger();

    @BeforeEach
    void open() {
        HqBadInputTest.MovableClock clock = new HqBadInputTest.MovableClock(NOW);
        db = HqDatabase.open(null, dir);
        var signer = new com.wkpos.edge.protocol.Ed25519.Signer(com.wkpos.edge.protocol.Ed25519.generate());
        sync = new HqSync(db, new Downstreams(db, clock), metrics, signer, clock,
                com.wkpos.edge.hq.license.HqLicense.open(dir, db.dataSource(), clock));
        sync.attach(new MqttTransport() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
                if (topic.equals(Topics.downAck("acme", "b1"))) {
                    acks.incrementAndGet();
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public boolean connected() {
                return true;
            }

            @Override
            public void close() {
            }
        });
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aTillsJournalWithPayloadsMutatedIsStoredOrRejectedWithoutFailing() {
        List<JournalBatch.Entry> valid = journal();
        sync.message(Topics.upJournal("acme", "b1"), SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-0", valid)));
        assertThat(acks.get()).as("the valid journal is acknowledged").isEqualTo(1);
        AtomicInteger device = new AtomicInteger();
        forAll(400, r -> {
            List<String> payloads = new ArrayList<>(valid.stream().map(JournalBatch.Entry::payload).toList());
            for (int k = 1 + r.nextInt(2); k > 0; k--) {
                int i = r.nextInt(payloads.size());
                byte[] original = valid.get(i).payload().getBytes(StandardCharsets.UTF_8);
                byte[] mutated = r.nextInt(4) == 0 ? Mutations.mutateBytes(r, original)
                        : Mutations.mutateJson(r, Mutations.tree(original));
                payloads.set(i, new String(mutated, StandardCharsets.UTF_8));
            }
            return rechained("dev-" + device.incrementAndGet(), valid, payloads);
        }, batch -> {
            int before = acks.get();
            sync.message(Topics.upJournal("acme", "b1"), SyncCodec.encode(batch));
            assertThat(acks.get()).as("acknowledged, so the branch does not resend it for ever").isEqualTo(before + 1);
            assertThat(metrics.get("wk_hq_store_errors_total")).isZero();
        });
    }

    @Test
    void aCustomerIdLongerThanJsonAllowsForAKeyIsAlarmedAndDoesNotStopTheCustomersOfTheTenant() {
        TillEntries till = new TillEntries("dev-long");
        till.append("customer.updated", SyncCodec.encodeString(Map.of("customerId", "x".repeat(60_000), "name", "Meier")),
                HybridLogicalClock.pack(NOW.minusSeconds(60).toEpochMilli(), 0));
        sync.message(Topics.upJournal("acme", "b1"), SyncCodec.encode(till.batch("acme", "b1", 1)));
        TillEntries next = new TillEntries("dev-next");
        next.append("customer.updated", SyncCodec.encodeString(Map.of("customerId", "c2", "name", "Schulz")),
                HybridLogicalClock.pack(NOW.minusSeconds(30).toEpochMilli(), 0));
        sync.message(Topics.upJournal("acme", "b1"), SyncCodec.encode(next.batch("acme", "b1", 1)));

        assertThat(acks.get()).isEqualTo(2);
        assertThat(metrics.get("wk_hq_store_errors_total")).isZero();
        assertThat(db.<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 10))).singleElement()
                .satisfies(a -> assertThat(a.get("kind")).isEqualTo("customer-malformed"));
    }

    /** {@code valid} with {@code payloads}, hash-chained again for {@code device}, as one batch. */
    private static JournalBatch rechained(String device, List<JournalBatch.Entry> valid, List<String> payloads) {
        List<JournalBatch.Entry> out = new ArrayList<>();
        String prev = EntryHash.GENESIS;
        for (int i = 0; i < valid.size(); i++) {
            JournalBatch.Entry e = valid.get(i);
            String id = device + "-" + e.seq();
            String hash = EntryHash.hash(prev, e.seq(), id, device, e.hlc(), e.type(), payloads.get(i));
            out.add(new JournalBatch.Entry(e.seq(), id, e.hlc(), e.type(), payloads.get(i), prev, hash));
            prev = hash;
        }
        return JournalBatch.of("acme", "b1", device, out);
    }

    /** One of each kind of entry HQ projects: sales, refund, void, back office, supply, stock and customers. */
    private static List<JournalBatch.Entry> journal() {
        TillEntries till = new TillEntries("dev-0");
        till.sale("s1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("COF-250", 2, 998, 159),
                new Line("BAK-CRO", 1, 250, 16)), List.of(new Pay("CASH", 1000), new Pay("CARD", 248)));
        till.sale("s2", 2, "2026-11-21T09:20:00Z", "Ben", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CARD", 499)));
        till.refund(SalesProjector.REFUND, "r1", "s1", "2026-11-21T09:30:00Z", "COF-250", 1, 499);
        till.refund(SalesProjector.VOID, "v1", "s2", "2026-11-21T09:35:00Z", "COF-250", 1, 499);
        till.job("j1", "c1", "Frau Meier", "2026-11-22", 12_000, "2026-11-21T09:40:00Z");
        till.adjust("a1", "j1", "c1", -1_000, "2026-11-21", "2026-11-21T09:45:00Z");
        till.append("transfer.requested", Map.of("transferId", "t1", "actor", "staff:anna", "at", "2026-11-21T09:50:00Z",
                "from", "b2", "to", "b1", "note", "for the weekend",
                "lines", List.of(Map.of("sku", "COF-250", "requested", 5))));
        till.append(StockAlerts.LOW, Map.of("sku", "COF-250", "onHand", 2, "reorderLevel", 5, "at", "2026-11-21T09:55:00Z"));
        // timed a minute before HQ's clock, so it is not refused for drift
        till.append("customer.updated", SyncCodec.encodeString(Map.of("customerId", "c1", "name", "Frau Meier",
                "email", "m@example.org", "phone", "+49 30 1234")),
                HybridLogicalClock.pack(NOW.minus(Duration.ofMinutes(1)).toEpochMilli(), 0));
        return till.entries();
    }
}

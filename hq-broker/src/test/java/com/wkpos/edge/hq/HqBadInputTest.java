package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.EntryHash;
import com.wkpos.edge.protocol.Heartbeat;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.Pull;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What HQ does with input it must not trust, and the views it keeps of what it stored; on a real store. */
class HqBadInputTest {
    @TempDir
    Path dir;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-21T10:00:00Z"));
    private final List<String> published = new ArrayList<>();

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    private record Fixture(HqDatabase db, HqSync sync, HqMetrics metrics, GapWatch gaps) implements AutoCloseable {
        <T> T query(String sql) {
            return db.inTransaction(c -> {
                try (var ps = c.prepareStatement(sql); var rs = ps.executeQuery()) {
                    rs.next();
                    @SuppressWarnings("unchecked")
                    T v = (T) rs.getObject(1);
                    return v;
                }
            });
        }

        List<Map<String, Object>> branches(Instant now) {
            return db.inTransaction(c -> HqViews.branches(c, now));
        }

        @Override
        public void close() {
            db.close();
        }
    }

    private Fixture open(String store) {
        HqDatabase db = HqDatabase.open(store.equals("sqlite") ? null : store, dir);
        HqMetrics metrics = new HqMetrics();
        var signer = new com.wkpos.edge.protocol.Ed25519.Signer(com.wkpos.edge.protocol.Ed25519.generate());
        HqSync sync = new HqSync(db, new Downstreams(db, clock), metrics, signer, clock,
                com.wkpos.edge.hq.license.HqLicense.open(dir, db.dataSource(), clock));
        sync.attach(new MqttTransport() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
                published.add(topic);
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
        return new Fixture(db, sync, metrics, new GapWatch(db, clock, Duration.ofMinutes(10), metrics));
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aGapThatNeverFillsIsHeldShownAndAlarmedOnceAfterTheBound(String store) {
        List<JournalBatch.Entry> all = JournalIngestTest.chain("dev-g", 10, "test.entry", "n");
        try (Fixture f = open(store)) {
            f.sync().message(Topics.upJournal("acme", "b1"), SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-g",
                    all.subList(5, 10))));
            assertThat(published).containsExactly(Topics.downAck("acme", "b1"));
            assertThat(f.metrics().get("wk_hq_batches_held_total")).isEqualTo(1);
            assertThat(f.branches(clock.instant())).singleElement().satisfies(b -> {
                assertThat(b.get("ackedSeq")).isEqualTo(0L);
                assertThat(b.get("heldAboveGap")).isEqualTo(5L);
            });
            assertThat(f.gaps().heldEntries()).isEqualTo(5);

            clock.advance(Duration.ofMinutes(9));
            assertThat(f.gaps().check()).as("within the bound the branch may still resend").isZero();
            clock.advance(Duration.ofMinutes(2));
            assertThat(f.gaps().check()).isEqualTo(1);
            assertThat(f.gaps().check()).as("one alarm per gap, not one per check").isZero();
            assertThat(f.db().<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 10))).singleElement().satisfies(a -> {
                assertThat(a.get("kind")).isEqualTo("gap-unfilled");
                assertThat(a.get("seq")).isEqualTo(1L);
                assertThat((String) a.get("detail")).contains("seq 1..5 never arrived");
            });
            assertThat(f.metrics().get("wk_hq_gap_alarms_total")).isEqualTo(1);

            f.sync().message(Topics.upJournal("acme", "b1"), SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-g",
                    all.subList(0, 5))));
            assertThat(f.branches(clock.instant())).singleElement().satisfies(b -> {
                assertThat(b.get("ackedSeq")).isEqualTo(10L);
                assertThat(b.get("heldAboveGap")).isEqualTo(0L);
            });
            assertThat(f.gaps().heldEntries()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void malformedHeartbeatsAndPullsAreRejectedCountedAndChangeNothing(String store) {
        try (Fixture f = open(store)) {
            f.sync().message(Topics.upStatus("acme", "b1"), "{\"device\":".getBytes(StandardCharsets.UTF_8));
            f.sync().message(Topics.upStatus("acme", "b1"), SyncCodec.encode(new Heartbeat(null, true, "x", 1, 1, 1, 1,
                    0, null, 0, Map.of())));
            f.sync().message(Topics.upStatus("acme", "b1"), SyncCodec.encode(new Heartbeat("dev-1", true, "x", 1, 1, 5,
                    -1, 0, null, 0, Map.of())));
            f.sync().message(Topics.upPull("acme", "b1"), "[1,2".getBytes(StandardCharsets.UTF_8));
            f.sync().message(Topics.upPull("acme", "b1"), SyncCodec.encode(new Pull("dev-1", -3)));
            f.sync().message(Topics.upPull("acme", "b1"), SyncCodec.encode(new Pull(" ", 0)));
            assertThat(f.metrics().rejectedCount("malformed")).isEqualTo(6);
            assertThat(f.<Number>query("SELECT COUNT(*) FROM hq_heartbeats").longValue()).isZero();
            assertThat(f.metrics().get("wk_hq_pulls_total")).isZero();
            assertThat(published).isEmpty();

            f.sync().message(Topics.upStatus("acme", "b1"), SyncCodec.encode(new Heartbeat("dev-1", true, "x", 1, 1, 5,
                    5, 0, null, 0, Map.of())));
            assertThat(f.<Number>query("SELECT COUNT(*) FROM hq_heartbeats").longValue()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aHeartbeatOrPullOnAnotherBranchsTopicIsRejected(String store) {
        try (Fixture f = open(store)) {
            f.sync().message(Topics.upJournal("acme", "b1"), SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-1",
                    JournalIngestTest.chain("dev-1", 2, "test.entry", "n"))));
            published.clear();
            f.sync().message(Topics.upStatus("acme", "b2"), SyncCodec.encode(new Heartbeat("dev-1", true, "x", 1, 1, 2,
                    2, 0, null, 0, Map.of())));
            f.sync().message(Topics.upStatus("other", "b1"), SyncCodec.encode(new Heartbeat("dev-1", true, "x", 1, 1, 2,
                    2, 0, null, 0, Map.of())));
            f.sync().message(Topics.upPull("acme", "b2"), SyncCodec.encode(new Pull("dev-1", 0)));
            assertThat(f.metrics().rejectedCount("topic-mismatch")).isEqualTo(3);
            assertThat(f.<Number>query("SELECT COUNT(*) FROM hq_heartbeats").longValue()).isZero();
            assertThat(published).as("nothing answered to a pull from a device of another branch").isEmpty();

            f.sync().message(Topics.upStatus("acme", "b1"), SyncCodec.encode(new Heartbeat("dev-1", true, "x", 1, 1, 2,
                    2, 0, null, 0, Map.of())));
            assertThat(f.<String>query("SELECT branch FROM hq_heartbeats")).isEqualTo("b1");
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void stockAndLedgerCountSalesRefundsAndVoids(String store) {
        List<String[]> typed = List.of(
                new String[] {"sale.completed", move("COF-250", -3) + ledger("s1", 900)},
                new String[] {"sale.completed", move("BAK-CRO", -2) + ledger("s2", 500)},
                new String[] {"sale.refunded", move("COF-250", 1) + ledger("r1", 300)},
                new String[] {"sale.voided", move("BAK-CRO", 2) + ledger("v1", 500)},
                new String[] {"shift.closed", "\"ledger\":{\"txnId\":\"sh1\",\"postings\":[{\"account\":\"a\",\"debit\":7,"
                        + "\"credit\":0},{\"account\":\"b\",\"debit\":0,\"credit\":7}]}"},
                new String[] {"catalog.loaded", "\"document\":{}"});
        try (Fixture f = open(store)) {
            f.sync().message(Topics.upJournal("acme", "b1"), SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-s",
                    entries("dev-s", typed))));
            assertThat(f.db().<List<Map<String, Object>>>inTransaction(c -> HqViews.stock(c, "acme", "b1"))).containsExactly(
                    Map.of("branch", "b1", "sku", "BAK-CRO", "movement", 0L, "onHand", 0L, "moves", 2L),
                    Map.of("branch", "b1", "sku", "COF-250", "movement", -2L, "onHand", -2L, "moves", 2L));
            assertThat(f.<Number>query("SELECT COUNT(DISTINCT txn_id) FROM hq_ledger").longValue()).isEqualTo(5);
            assertThat(f.db().<Long>inTransaction(HqViews::unbalancedTransactions)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void theTillsCustomerEntriesLandInTheLastWriterWinsStore(String store) {
        long now = com.wkpos.edge.protocol.HybridLogicalClock.pack(clock.millis(), 0);
        try (Fixture f = open(store)) {
            f.sync().message(Topics.upJournal("acme", "b1"), SyncCodec.encode(JournalBatch.of("acme", "b1", "dev-a",
                    customerEntries("dev-a", List.of(now, now + 10), List.of("customer.created", "customer.updated"),
                            List.of("Ana", "Ana Lima")))));
            assertThat(name(f)).isEqualTo("Ana Lima");
            // b2 edits concurrently with an older clock: b1's later edit stays
            f.sync().message(Topics.upJournal("acme", "b2"), SyncCodec.encode(JournalBatch.of("acme", "b2", "dev-b",
                    customerEntries("dev-b", List.of(now + 5), List.of("customer.updated"), List.of("Ana B")))));
            assertThat(name(f)).isEqualTo("Ana Lima");
            // same HLC: the greater device id wins, whichever arrives first
            f.sync().message(Topics.upJournal("acme", "b3"), SyncCodec.encode(JournalBatch.of("acme", "b3", "dev-c",
                    customerEntries("dev-c", List.of(now + 10), List.of("customer.updated"), List.of("Ana C")))));
            assertThat(name(f)).isEqualTo("Ana C");
            // a clock an hour ahead is refused and alarmed
            long ahead = com.wkpos.edge.protocol.HybridLogicalClock.pack(clock.millis() + 3_600_000, 0);
            f.sync().message(Topics.upJournal("acme", "b4"), SyncCodec.encode(JournalBatch.of("acme", "b4", "dev-d",
                    customerEntries("dev-d", List.of(ahead), List.of("customer.updated"), List.of("Future")))));
            assertThat(name(f)).isEqualTo("Ana C");
            assertThat(f.db().<List<Map<String, Object>>>inTransaction(c -> Alarms.list(c, 10))).singleElement()
                    .satisfies(a -> assertThat(a.get("kind")).isEqualTo("customer-drift"));
        }
    }

    private static String name(Fixture f) {
        return f.db().<java.util.Optional<Map<String, Object>>>inTransaction(c -> HqViews.customer(c, "acme", "cust-1"))
                .map(m -> ((com.fasterxml.jackson.databind.JsonNode) m.get("fields")).path("name").asText()).orElse(null);
    }

    private static List<JournalBatch.Entry> customerEntries(String device, List<Long> hlcs, List<String> types,
                                                            List<String> names) {
        List<JournalBatch.Entry> out = new ArrayList<>();
        String prev = EntryHash.GENESIS;
        for (int i = 0; i < hlcs.size(); i++) {
            long seq = i + 1;
            String payload = "{\"customerId\":\"cust-1\",\"name\":\"" + names.get(i) + "\",\"email\":null,"
                    + "\"phone\":\"555\",\"actor\":\"staff:x\",\"at\":\"2026-11-21T10:00:00Z\"}";
            String hash = EntryHash.hash(prev, seq, device + "-" + seq, device, hlcs.get(i), types.get(i), payload);
            out.add(new JournalBatch.Entry(seq, device + "-" + seq, hlcs.get(i), types.get(i), payload, prev, hash));
            prev = hash;
        }
        return out;
    }

    private static String move(String sku, long delta) {
        return "\"stock\":[{\"movementId\":\"m\",\"sku\":\"" + sku + "\",\"delta\":" + delta + ",\"expectedVersion\":1}],";
    }

    private static String ledger(String txn, long amount) {
        return "\"ledger\":{\"txnId\":\"" + txn + "\",\"postings\":[{\"account\":\"1000\",\"debit\":" + amount
                + ",\"credit\":0},{\"account\":\"4000\",\"debit\":0,\"credit\":" + amount + "}]}";
    }

    private static List<JournalBatch.Entry> entries(String device, List<String[]> typed) {
        List<JournalBatch.Entry> out = new ArrayList<>();
        String prev = EntryHash.GENESIS;
        long seq = 0;
        for (String[] t : typed) {
            seq++;
            String payload = "{" + t[1] + "}";
            String hash = EntryHash.hash(prev, seq, "id-" + seq, device, 1000 + seq, t[0], payload);
            out.add(new JournalBatch.Entry(seq, "id-" + seq, 1000 + seq, t[0], payload, prev, hash));
            prev = hash;
        }
        return out;
    }

    /** A clock the test moves forward. */
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

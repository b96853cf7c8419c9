package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.protocol.EntryHash;
import com.wkpos.edge.protocol.JournalBatch;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Ingest on a real store: SQLite always, PostgreSQL when reachable. */
class JournalIngestTest {
    @TempDir
    Path dir;

    static List<String> stores() {
        return Stores.urls().stream().map(u -> u == null ? "sqlite" : u).toList();
    }

    static List<JournalBatch.Entry> chain(String device, int n, String type, String payloadPrefix) {
        List<JournalBatch.Entry> entries = new ArrayList<>();
        String prev = EntryHash.GENESIS;
        for (long seq = 1; seq <= n; seq++) {
            String payload = "{\"" + payloadPrefix + "\":" + seq + "}";
            String hash = EntryHash.hash(prev, seq, "id-" + seq, device, 1000 + seq, type, payload);
            entries.add(new JournalBatch.Entry(seq, "id-" + seq, 1000 + seq, type, payload, prev, hash));
            prev = hash;
        }
        return entries;
    }

    private record Fixture(HqDatabase db, JournalIngest ingest, HqSync sync, HqMetrics metrics) implements AutoCloseable {
        long entries(String device) {
            Long n = db.inTransaction(c -> HqViews.entries(c, device));
            return n;
        }

        List<java.util.Map<String, Object>> alarms() {
            List<java.util.Map<String, Object>> list = db.inTransaction(c -> Alarms.list(c, 10));
            return list;
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
        return new Fixture(db, new JournalIngest(db, Clock.systemUTC(), metrics),
                new HqSync(db, new Downstreams(db, Clock.systemUTC()), metrics, signer, Clock.systemUTC(),
                        com.wkpos.edge.hq.license.HqLicense.open(dir, db.dataSource(), Clock.systemUTC())), metrics);
    }

    @ParameterizedTest
    @MethodSource("stores")
    void duplicatesAndReorderingStoreEachEntryOnceAndAckOnlyTheContiguousPrefix(String store) {
        List<JournalBatch.Entry> all = chain("dev-1", 30, "test.entry", "n");
        List<JournalBatch> batches = new ArrayList<>();
        for (int i = 0; i < 30; i += 5) {
            batches.add(JournalBatch.of("acme", "b1", "dev-1", all.subList(i, i + 5)));
        }
        try (Fixture f = open(store)) {
            JournalIngest.Result r = f.ingest().ingest(batches.get(2));
            assertThat(r.ackedSeq()).as("a gap below keeps the ack at 0").isZero();
            assertThat(r.inserted()).isEqualTo(5);
            List<JournalBatch> shuffled = new ArrayList<>(batches);
            shuffled.addAll(batches);
            Collections.shuffle(shuffled, new java.util.Random(7));
            long lastAck = 0;
            for (JournalBatch b : shuffled) {
                long ack = f.ingest().ingest(b).ackedSeq();
                assertThat(ack).as("acks only move forward").isGreaterThanOrEqualTo(lastAck);
                lastAck = ack;
            }
            assertThat(lastAck).isEqualTo(30);
            assertThat(f.entries("dev-1")).isEqualTo(30);
            assertThat(f.metrics().get("wk_hq_entries_ingested_total")).isEqualTo(30);
            assertThat(f.metrics().get("wk_hq_entries_conflict_total")).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void sameKeyWithOtherContentIsAnAlarmAndNeverAnOverwrite(String store) {
        List<JournalBatch.Entry> original = chain("dev-2", 3, "test.entry", "n");
        List<JournalBatch.Entry> forged = chain("dev-2", 3, "test.entry", "forged");
        try (Fixture f = open(store)) {
            f.ingest().ingest(JournalBatch.of("acme", "b1", "dev-2", original));
            JournalIngest.Result r = f.ingest().ingest(JournalBatch.of("acme", "b1", "dev-2", forged));
            assertThat(r.conflicts()).isEqualTo(3);
            assertThat(r.ackedSeq()).isEqualTo(3);
            String stored = f.db().<String>inTransaction(c -> {
                try (var ps = c.prepareStatement("SELECT payload FROM hq_journal WHERE device_id = 'dev-2' AND seq = 2");
                     var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getString(1);
                }
            });
            assertThat(stored).isEqualTo("{\"n\":2}");
            assertThat(f.alarms()).hasSize(3)
                    .allSatisfy(a -> assertThat(a.get("kind")).isEqualTo("entry-conflict"));
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void badInputIsRejectedCountedAndWritesNothing(String store) {
        List<JournalBatch.Entry> entries = chain("dev-3", 4, "test.entry", "n");
        JournalBatch good = JournalBatch.of("acme", "b1", "dev-3", entries);
        String topic = Topics.upJournal("acme", "b1");
        try (Fixture f = open(store)) {
            f.sync().message(topic, "{not json".getBytes(StandardCharsets.UTF_8));
            f.sync().message(Topics.upJournal("acme", "other-branch"), SyncCodec.encode(good));
            f.sync().message(topic, SyncCodec.encode(new JournalBatch("acme", "b1", "dev-3", 1, 4, entries,
                    "ab".repeat(32))));
            assertThat(f.metrics().rejectedCount("malformed")).isEqualTo(1);
            assertThat(f.metrics().rejectedCount("topic-mismatch")).isEqualTo(1);
            assertThat(f.metrics().rejectedCount("bad-hash")).isEqualTo(1);
            assertThat(f.entries("dev-3")).isZero();

            f.sync().message(topic, SyncCodec.encode(good));
            assertThat(f.entries("dev-3")).isEqualTo(4);
            f.sync().message(Topics.upJournal("acme", "b2"), SyncCodec.encode(JournalBatch.of("acme", "b2", "dev-3",
                    entries)));
            assertThat(f.metrics().rejectedCount("device-moved")).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @MethodSource("stores")
    void aBatchThatDoesNotChainToTheStoredEntryIsRefused(String store) {
        List<JournalBatch.Entry> a = chain("dev-4", 6, "test.entry", "n");
        List<JournalBatch.Entry> b = chain("dev-4", 6, "test.entry", "other");
        try (Fixture f = open(store)) {
            f.ingest().ingest(JournalBatch.of("acme", "b1", "dev-4", a.subList(0, 3)));
            assertThat(f.ingest().ingest(JournalBatch.of("acme", "b1", "dev-4", b.subList(3, 6)))).isNull();
            assertThat(f.metrics().rejectedCount("chain-broken")).isEqualTo(1);
            assertThat(f.entries("dev-4")).isEqualTo(3);
        }
    }
}

package com.wkpos.edge.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyncProtocolTest {
    static List<JournalBatch.Entry> chain(String device, long from, int n) {
        List<JournalBatch.Entry> entries = new ArrayList<>();
        String prev = EntryHash.GENESIS;
        for (long seq = 1; seq < from + n; seq++) {
            String payload = "{\"n\":" + seq + "}";
            String hash = EntryHash.hash(prev, seq, "id-" + seq, device, 1000 + seq, "test.entry", payload);
            if (seq >= from) {
                entries.add(new JournalBatch.Entry(seq, "id-" + seq, 1000 + seq, "test.entry", payload, prev, hash));
            }
            prev = hash;
        }
        return entries;
    }

    @Test
    void topicsRoundTripAndRejectForeignOrWildcardIds() {
        assertThat(Topics.upJournal("acme", "b-17")).isEqualTo("wk/acme/b/b-17/up/journal");
        assertThat(Topics.parse("wk/acme/b/b-17/up/journal")).contains(
                new Topics.BranchTopic("acme", "b-17", true, Topics.Kind.JOURNAL));
        assertThat(Topics.parse("wk/acme/b/b-17/up/ack")).isEmpty();
        assertThat(Topics.parse("wk/acme/b/b+1/up/journal")).isEmpty();
        assertThat(Topics.parse("other/acme/b/b1/up/journal")).isEmpty();
        assertThatThrownBy(() -> Topics.upJournal("acme", "a/b")).hasMessageContaining("branch");
        assertThatThrownBy(() -> Topics.allDownCatalog("#")).hasMessageContaining("tenant");
    }

    @Test
    void batchSurvivesTheCodecAndChecksOut() {
        JournalBatch batch = JournalBatch.of("acme", "b1", "dev", chain("dev", 3, 5));
        JournalBatch back = SyncCodec.decode(SyncCodec.encode(batch), JournalBatch.class);
        assertThat(back).isEqualTo(batch);
        assertThat(back.fromSeq()).isEqualTo(3);
        assertThat(back.toSeq()).isEqualTo(7);
        assertThat(back.problems()).isEmpty();
        assertThat(SyncCodec.encode(back)).isEqualTo(SyncCodec.encode(batch));
    }

    @Test
    void tamperedBatchIsNamedByItsProblem() {
        List<JournalBatch.Entry> entries = chain("dev", 1, 3);
        JournalBatch wrongHash = new JournalBatch("acme", "b1", "dev", 1, 3, entries, "00".repeat(32));
        assertThat(wrongHash.problems()).singleElement().asString().contains("does not match its entries");

        List<JournalBatch.Entry> edited = new ArrayList<>(entries);
        JournalBatch.Entry e = edited.get(1);
        edited.set(1, new JournalBatch.Entry(e.seq(), e.id(), e.hlc(), e.type(), "{\"n\":999}", e.prevHash(), e.hash()));
        assertThat(JournalBatch.of("acme", "b1", "dev", edited).problems()).singleElement().asString()
                .contains("seq 2 hash does not match");

        List<JournalBatch.Entry> gap = List.of(entries.get(0), entries.get(2));
        assertThat(JournalBatch.of("acme", "b1", "dev", gap).problems()).isNotEmpty();
        assertThat(JournalBatch.of("acme", "b1", "other-device", entries).problems()).isNotEmpty();
    }

    @Test
    void malformedJsonIsAMalformedMessage() {
        assertThatThrownBy(() -> SyncCodec.decode("{\"device\":".getBytes(StandardCharsets.UTF_8), JournalBatch.class))
                .isInstanceOf(SyncCodec.MalformedMessageException.class);
        assertThatThrownBy(() -> SyncCodec.decode("{\"ackedSeq\":1,\"bogus\":1,\"device\":\"d\"}".getBytes(StandardCharsets.UTF_8),
                Ack.class)).isInstanceOf(SyncCodec.MalformedMessageException.class).hasMessageContaining("bogus");
        assertThatThrownBy(() -> SyncCodec.decode("null".getBytes(StandardCharsets.UTF_8), Ack.class))
                .isInstanceOf(SyncCodec.MalformedMessageException.class);
    }

    @Test
    void signedDownstreamOpensOnlyWithTheSigningKey() {
        var hq = Ed25519.generate();
        var other = Ed25519.generate();
        Downstream d = new Downstream("acme", 4, 3, false, "2026-11-21T10:00:00Z",
                Map.of(Downstream.PRICES, JsonNodeFactory.instance.arrayNode()));
        SignedMessage signed = SignedMessage.sign(d, new Ed25519.Signer(hq));
        SignedMessage viaWire = SyncCodec.decode(SyncCodec.encode(signed), SignedMessage.class);
        assertThat(viaWire.open(new Ed25519.Verifier(hq.getPublic()), Downstream.class)).isEqualTo(d);
        assertThatThrownBy(() -> viaWire.open(new Ed25519.Verifier(other.getPublic()), Downstream.class))
                .isInstanceOf(SyncCodec.MalformedMessageException.class).hasMessageContaining("signature");
        SignedMessage forged = new SignedMessage(viaWire.keyId(), viaWire.body().replace("\"version\":4",
                "\"version\":5"), viaWire.signature());
        assertThatThrownBy(() -> forged.open(new Ed25519.Verifier(hq.getPublic()), Downstream.class))
                .hasMessageContaining("signature");
    }

    @Test
    void pemKeysRoundTrip(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var pair = Ed25519.loadOrCreate(dir.resolve("hq.key"), dir.resolve("hq.pub"));
        var again = Ed25519.loadOrCreate(dir.resolve("hq.key"), dir.resolve("hq.pub"));
        assertThat(again.getPublic()).isEqualTo(pair.getPublic());
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(new Ed25519.Verifier(Ed25519.readPublic(dir.resolve("hq.pub")))
                .verify(data, new Ed25519.Signer(again).sign(data))).isTrue();
        assertThatThrownBy(() -> Ed25519.publicKey("not a key", "x.pub")).hasMessageContaining("x.pub");
    }

    @Test
    void deltaMustSitOnThePreviousVersion() {
        assertThatThrownBy(() -> new Downstream("acme", 5, 3, false, null, Map.of()))
                .hasMessageContaining("based on 4");
    }

    @Test
    void lastWriterWinsOnTheClockAndDeviceBreaksTies() {
        long t = HybridLogicalClock.pack(1_000_000, 0);
        var a = new CustomerProfile("c1", t, "dev-a", Map.of("name", "A"));
        var b = new CustomerProfile("c1", t, "dev-b", Map.of("name", "B"));
        var later = new CustomerProfile("c1", t + 1, "dev-a", Map.of("name", "A2"));
        assertThat(b.supersedes(a)).isTrue();
        assertThat(a.supersedes(b)).isFalse();
        assertThat(later.supersedes(b)).isTrue();
        assertThat(b.supersedes(later)).isFalse();
        assertThat(a.supersedes(a)).isFalse();
        assertThat(later.driftsBeyond(1_000_000 - 10_000, 5_000)).isTrue();
        assertThat(later.driftsBeyond(1_000_000, 5_000)).isFalse();
    }
}

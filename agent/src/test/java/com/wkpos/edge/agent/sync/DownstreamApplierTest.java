package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.wkpos.edge.agent.TestBranch;
import com.wkpos.edge.agent.journal.CanonicalJson;
import com.wkpos.edge.protocol.CustomerProfile;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.HybridLogicalClock;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SyncCodec;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downstream versions applied to a real branch journal; every refusal leaves the branch as it was. */
class DownstreamApplierTest {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    @TempDir
    Path dir;
    private final KeyPair hq = Ed25519.generate();
    private TestBranch branch;
    private DownstreamApplier applier;
    private final List<JsonNode> rates = new ArrayList<>();

    @BeforeEach
    void open() {
        branch = new TestBranch(dir);
        applier = new DownstreamApplier(new Ed25519.Verifier(hq.getPublic()), branch.catalogs, branch.journal, "acme",
                "b1", "EUR", SyncState.load(dir));
        applier.register(new DownstreamSection() {
            @Override
            public String name() {
                return Downstream.EXCHANGE_RATES;
            }

            @Override
            public void apply(long version, JsonNode value) {
                rates.add(value);
            }
        });
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        branch.close();
    }

    private byte[] signed(Downstream d, KeyPair key) {
        return SyncCodec.encode(SignedMessage.sign(d, new Ed25519.Signer(key)));
    }

    private Downstream snapshot(long version) {
        ObjectNode catalog = (ObjectNode) CanonicalJson.tree(com.wkpos.edge.agent.catalog.CatalogFile.demo());
        return new Downstream("acme", version, 0, true, null, Map.of(Downstream.CATALOG, catalog,
                Downstream.EXCHANGE_RATES, JSON.arrayNode().add(JSON.objectNode().put("code", "CHF").put("rate", 9400))));
    }

    private Downstream priceDelta(long version, String sku, long amount, String... branches) {
        ObjectNode change = JSON.objectNode().put("sku", sku).put("amount", amount);
        var names = change.putArray("branches");
        for (String b : branches) {
            names.add(b);
        }
        return new Downstream("acme", version, version - 1, false, null, Map.of(Downstream.PRICES,
                JSON.arrayNode().add(change)));
    }

    private long price(String sku) {
        return branch.catalogs.current().bySku(sku).orElseThrow().price();
    }

    @Test
    void snapshotThenDeltaApplyInOrderAndSectionsReachTheirOwner() {
        assertThat(applier.accept(signed(snapshot(5), hq))).isEqualTo(DownstreamApplier.Outcome.APPLIED);
        assertThat(rates).hasSize(1);
        assertThat(applier.accept(signed(priceDelta(6, "COF-250", 777), hq))).isEqualTo(DownstreamApplier.Outcome.APPLIED);
        assertThat(price("COF-250")).isEqualTo(777);
        assertThat(branch.catalogs.current().version()).isEqualTo(6);
        assertThat(applier.accept(signed(priceDelta(7, "COF-250", 999, "b2"), hq)))
                .as("a price for another branch moves the version but not our price").isEqualTo(DownstreamApplier.Outcome.APPLIED);
        assertThat(price("COF-250")).isEqualTo(777);
    }

    @Test
    void badSignatureOldReplayAndWrongBaseAreRefusedAndChangeNothing() {
        applier.accept(signed(snapshot(5), hq));
        long before = price("COF-250");
        long seq = branch.journal.head().seq();

        assertThat(applier.accept(signed(priceDelta(6, "COF-250", 1, new String[0]), Ed25519.generate())))
                .isEqualTo(DownstreamApplier.Outcome.REJECTED);
        assertThat(applier.accept(signed(snapshot(4), hq))).isEqualTo(DownstreamApplier.Outcome.ALREADY_HAVE);
        assertThat(applier.accept(signed(priceDelta(8, "COF-250", 2), hq))).isEqualTo(DownstreamApplier.Outcome.GAP);
        assertThat(applier.accept("{\"garbage\":true}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo(DownstreamApplier.Outcome.REJECTED);
        assertThat(applier.accept(signed(new Downstream("other", 6, 5, false, null, Map.of()), hq)))
                .isEqualTo(DownstreamApplier.Outcome.REJECTED);
        assertThat(applier.accept(signed(priceDelta(6, "NO-SUCH-SKU", 2), hq))).isEqualTo(DownstreamApplier.Outcome.REJECTED);

        assertThat(price("COF-250")).isEqualTo(before);
        assertThat(branch.catalogs.current().version()).isEqualTo(5);
        assertThat(branch.journal.head().seq()).as("nothing journaled").isEqualTo(seq);
        assertThat(applier.accept(signed(priceDelta(6, "COF-250", 3), hq))).isEqualTo(DownstreamApplier.Outcome.APPLIED);
    }

    @Test
    void aSaleKeepsThePriceItWasRungUpWith() {
        applier.accept(signed(snapshot(5), hq));
        var sale = branch.sell("COF-250", 1);
        long rungUp = sale.sale().total();
        applier.accept(signed(priceDelta(6, "COF-250", rungUp + 500), hq));
        assertThat(branch.sales.find(sale.sale().id()).orElseThrow().total()).isEqualTo(rungUp);
    }

    @Test
    void customerProfilesMergeLastWriterWinsAndRejectDrift() {
        Instant now = Instant.parse("2026-11-21T10:00:00Z");
        HybridLogicalClock hlc = new HybridLogicalClock(Clock.fixed(now, ZoneOffset.UTC), 60_000);
        Map<String, CustomerProfile> rows = new HashMap<>();
        CustomerMerge merge = new CustomerMerge(new CustomerMerge.Store() {
            @Override
            public Optional<CustomerProfile> find(String id) {
                return Optional.ofNullable(rows.get(id));
            }

            @Override
            public void put(CustomerProfile p) {
                rows.put(p.id(), p);
            }
        }, hlc);
        long t = HybridLogicalClock.pack(now.toEpochMilli() - 1_000, 0);
        assertThat(merge.merge(new CustomerProfile("c1", t, "dev-b", Map.of("name", "B")))).isEqualTo(CustomerMerge.Outcome.APPLIED);
        assertThat(merge.merge(new CustomerProfile("c1", t, "dev-a", Map.of("name", "A")))).isEqualTo(CustomerMerge.Outcome.KEPT_LOCAL);
        assertThat(merge.merge(new CustomerProfile("c1", t - 5, "dev-z", Map.of("name", "old")))).isEqualTo(CustomerMerge.Outcome.KEPT_LOCAL);
        assertThat(merge.merge(new CustomerProfile("c1", t + 1, "dev-a", Map.of("name", "A2")))).isEqualTo(CustomerMerge.Outcome.APPLIED);
        long future = HybridLogicalClock.pack(now.toEpochMilli() + 3_600_000, 0);
        assertThat(merge.merge(new CustomerProfile("c1", future, "dev-x", Map.of("name", "X")))).isEqualTo(CustomerMerge.Outcome.REJECTED_DRIFT);
        assertThat(rows.get("c1").fields()).containsEntry("name", "A2");
    }
}

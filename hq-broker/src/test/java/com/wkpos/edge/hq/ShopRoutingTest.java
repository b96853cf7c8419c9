package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttTransport;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A web-shop order with no configured branch goes to the branch with most of it in stock (ADR 014), over HQ's
 * SQLite store and its ingest, without a broker: HQ's figure for a branch is the movement deltas it received.
 */
class ShopRoutingTest {
    private static final String KEY = "routing-secret-0123456789";
    @TempDir
    Path dir;
    private final HqBadInputTest.MovableClock clock = new HqBadInputTest.MovableClock(Instant.parse("2026-12-07T10:00:00Z"));
    private final List<List<SupplyCommand>> published = new ArrayList<>();
    private HqDatabase db;
    private HqSync sync;
    private ShopConnector shop;

    @AfterEach
    void close() {
        db.close();
    }

    private void open() {
        db = HqDatabase.open(null, dir);
        sync = new HqSync(db, new Downstreams(db, clock), new HqMetrics(), new Ed25519.Signer(Ed25519.generate()), clock,
                com.wkpos.edge.hq.license.HqLicense.open(dir, db.dataSource(), clock));
        sync.attach(new MqttTransport() {
            @Override
            public CompletableFuture<Void> publish(String topic, byte[] payload, boolean retained) {
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
        shop = new ShopConnector(new ShopConfig(URI.create("http://127.0.0.1:9"), KEY, "acme", null, true,
                Duration.ofMinutes(5), Duration.ZERO, Duration.ofSeconds(5)), db, new Downstreams(db, clock), clock,
                published::add);
    }

    private Map<String, Object> deliver(String id, String sku, long qty) {
        byte[] body = SyncCodec.encodeString(Map.of("event", "order.created", "order", Map.of("id", id,
                "lines", List.of(Map.of("sku", sku, "qty", qty))))).getBytes(StandardCharsets.UTF_8);
        long ts = clock.instant().getEpochSecond();
        return shop.webhook(body, String.valueOf(ts), ShopSignature.sign(KEY, ts, body));
    }

    private void stock(TillEntries till, String branch, String sku, long delta) {
        till.append("stock.moved", Map.of("stock", List.of(Map.of("sku", sku, "delta", delta))));
        sync.message(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, 1)));
    }

    @Test
    void anOrderGoesToTheBranchThatCanShipItWhole() {
        open();
        stock(new TillEntries("dev-a"), "A", "COF-250", 2);
        stock(new TillEntries("dev-b"), "B", "COF-250", 5);
        Map<String, Object> order = deliver("web-7", "COF-250", 4);
        assertThat(order.get("branch")).isEqualTo("B");
        assertThat(published).singleElement().satisfies(cmds -> assertThat(cmds).singleElement()
                .satisfies(c -> assertThat(c.branch()).isEqualTo("B")));
        assertThat(deliver("web-8", "COF-250", 2).get("branch")).as("four of B's five are web-7's").isEqualTo("A");
        stock(new TillEntries("dev-c"), "C", "COF-250", 9);
        assertThat(deliver("web-9", "COF-250", 1).get("branch")).as("all can: the one with most").isEqualTo("C");
        assertThat(deliver("web-10", "TEA-1", 1).get("branch")).as("none has it: ties go by name").isEqualTo("A");
    }

    @Test
    void withNoBranchYetAnOrderIsRefusedForLaterAndNothingIsStored() {
        open();
        assertThatThrownBy(() -> deliver("web-1", "COF-250", 1)).isInstanceOfSatisfying(HqApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
        assertThat(shop.orders(null, 10)).isEmpty();
        assertThat(published).isEmpty();
        stock(new TillEntries("dev-a"), "A", "COF-250", 1);
        assertThat(deliver("web-1", "COF-250", 1).get("branch")).as("delivered again later").isEqualTo("A");
    }
}

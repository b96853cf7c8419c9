package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.Command;
import com.wkpos.edge.protocol.Ed25519;
import com.wkpos.edge.protocol.SignedMessage;
import com.wkpos.edge.protocol.SupplyCommand;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The web-shop connector at HQ (ADR 014) against the shop simulator and two branch stand-ins on the embedded
 * broker: bad, stale, unsigned and replayed deliveries are refused and store nothing; an order delivered twice
 * is one order and one command; the branch's entries reach the shop as status reports, retried while the shop
 * is down and each taken once; the catalog and its price changes and the stock levels reach the shop; a delivered order is told to the branch; an order its branch does not take in
 * goes to the other branch, and a late shipment by the first is an alarm, not a second shipment. On SQLite, and
 * on PostgreSQL when reachable.
 */
class ShopIT {
    private static final String KEY = "test-shop-secret-0123456789";
    private static final Path DEMO_CATALOG = Path.of("../agent/src/main/resources/demo/catalog.json");
    @TempDir
    Path dir;
    private Hq hq;
    private HttpClient http;
    private Ed25519.Verifier verifier;
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    private final List<String[]> commands = Collections.synchronizedList(new ArrayList<>());
    private final TillEntries a = new TillEntries("dev-a");
    private final TillEntries b = new TillEntries("dev-b");

    static List<String> stores() {
        return JournalIngestTest.stores();
    }

    @ParameterizedTest
    @MethodSource("stores")
    void webShopOrdersAreRoutedFulfilledAndReportedOnce(String store) throws Exception {
        int mqttPort = LocalPorts.free();
        int hqPort = LocalPorts.free();
        try (ShopSimulator shop = ShopSimulator.start("127.0.0.1", 0, KEY, URI.create("http://127.0.0.1:" + hqPort),
                Clock.systemUTC())) {
            Path config = dir.resolve("shop.properties");
            Files.writeString(config, "shop.url=" + shop.url() + "\nshop.api-key=" + KEY + "\nshop.tenant=acme\n"
                    + "shop.branch=A\nshop.interval=1\nshop.retry=1\nshop.reroute-after=3\n");
            List<String> args = new ArrayList<>(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                    "127.0.0.1:" + hqPort, "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme",
                    "--shop-config", config.toString()));
            if (!store.equals("sqlite")) {
                args.addAll(List.of("--db", store));
            }
            try (Hq started = Hq.start(HqConfig.parse(args), Clock.systemUTC(), List.of());
                 HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                 MqttLink branches = branchLink(mqttPort).start()) {
                hq = started;
                http = client;
                verifier = new Ed25519.Verifier(Ed25519.publicKey(hq.publicKeyPem(), "HQ"));
                Await.until("both links connected", () -> branches.connected() && hq.brokerConnected());
                a.append("till.started", "{}");
                b.append("till.started", "{}");
                upload(branches, "A", a);
                upload(branches, "B", b);

                badDeliveriesAreRefusedAndStoreNothing(shop);
                anOrderIsRoutedOnceAndReportedBackAsTheBranchWorksOnIt(shop, branches);
                anOrderItsBranchDoesNotTakeInGoesToTheOtherBranch(shop, branches);
            }
        }
    }

    private void badDeliveriesAreRefusedAndStoreNothing(ShopSimulator shop) throws Exception {
        byte[] body = order("web-bad", "COF-250", 1);
        long now = System.currentTimeMillis() / 1000;
        assertThat(shop.deliver(body, null, null).status()).as("unsigned").isEqualTo(401);
        assertThat(shop.deliver(body, String.valueOf(now), ShopSignature.sign("another-key-0123456789", now, body))
                .body()).as("signed with another key").contains("webhook-bad");
        byte[] tampered = order("web-bad", "COF-250", 9);
        assertThat(shop.deliver(tampered, String.valueOf(now), ShopSignature.sign(KEY, now, body)).status())
                .as("body changed after signing").isEqualTo(401);
        long old = now - 301;
        assertThat(shop.deliver(body, String.valueOf(old), ShopSignature.sign(KEY, old, body)).body())
                .as("too old").contains("webhook-stale");
        for (String bad : List.of("not json", "{\"event\":\"order.created\"}",
                "{\"event\":\"order.paid\",\"order\":{\"id\":\"web-bad\"}}",
                "{\"event\":\"order.created\",\"order\":{\"id\":\"has space\",\"lines\":[{\"sku\":\"A\",\"qty\":1}]}}",
                "{\"event\":\"order.created\",\"order\":{\"id\":\"web-bad\",\"lines\":[]}}",
                "{\"event\":\"order.created\",\"order\":{\"id\":\"web-bad\",\"lines\":[{\"sku\":\"A\",\"qty\":0}]}}",
                "{\"event\":\"order.created\",\"order\":{\"id\":\"web-bad\",\"lines\":[{\"sku\":\"A\",\"qty\":1},"
                        + "{\"sku\":\"A\",\"qty\":2}]}}",
                "{\"event\":\"order.created\",\"order\":{\"id\":\"web-bad\",\"lines\":[{\"sku\":\"A\",\"qty\":1}],"
                        + "\"customer\":\"Erika\"}}",
                "{\"event\":\"order.delivered\",\"order\":{\"id\":\"web-unknown\"}}")) {
            byte[] b = bad.getBytes(StandardCharsets.UTF_8);
            ShopSimulator.Answer answer = shop.deliver(b, String.valueOf(now), ShopSignature.sign(KEY, now, b));
            assertThat(answer.status()).as(bad + " → " + answer.body()).isIn(400, 404);
            assertThat(answer.body()).contains("urn:wk-edge:problem:");
        }
        assertThat(get("/api/v1/shop/orders").get("orders")).isEmpty();
        assertThat(commands).isEmpty();
        assertThat(get("/api/v1/shop/orders?status=LOST").path("type").asText()).endsWith("invalid-status");
    }

    private void anOrderIsRoutedOnceAndReportedBackAsTheBranchWorksOnIt(ShopSimulator shop, MqttLink branches)
            throws Exception {
        byte[] body = order("web-1", "COF-250", 2);
        long now = System.currentTimeMillis() / 1000;
        String signature = ShopSignature.sign(KEY, now, body);
        ShopSimulator.Answer first = shop.deliver(body, String.valueOf(now), signature);
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        assertThat(SyncCodec.MAPPER.readTree(first.body()).path("branch").asText()).isEqualTo("A");
        assertThat(shop.deliver(body, String.valueOf(now), signature).body()).as("a replay").contains("webhook-replayed");
        ShopSimulator.Answer again = shop.order("web-1", Map.of("COF-250", 2L), null);
        assertThat(again.status()).as("delivered twice, signed afresh: " + again.body()).isEqualTo(200);
        assertThat(again.body()).contains("\"duplicate\":true");

        Await.until("A got the order", () -> orderCommands("A").size() == 1);
        SupplyCommand cmd = orderCommands("A").getFirst();
        assertThat(cmd.kind()).isEqualTo(SupplyCommand.ORDER);
        assertThat(cmd.doc().path("status").asText()).isEqualTo("ROUTED");
        assertThat(cmd.doc().path("lines").get(0).path("qty").asLong()).isEqualTo(2);
        assertThat(cmd.doc().path("customer").path("name").asText()).isEqualTo("Erika Muster");

        a.append("supply.applied", Map.of("cmdSeq", cmd.seq(), "kind", "order", "doc", cmd.doc()));
        a.append("order.received", Map.of("orderId", "web-1", "status", "PROCESSING", "actor", "hq",
                "at", "2026-12-07T10:00:00Z"));
        upload(branches, "A", a);
        Await.until("the shop knows it is processing", () -> shop.statuses("web-1").equals(List.of("PROCESSING")));

        shop.failNext(2);
        a.append("order.fulfilled", Map.of("orderId", "web-1", "status", "SHIPPED", "actor", "staff:anna",
                "at", "2026-12-07T10:05:00Z", "lines", List.of(Map.of("sku", "COF-250", "qty", 2)),
                "stock", List.of(Map.of("sku", "COF-250", "delta", -2))));
        upload(branches, "A", a);
        Await.until("the shop knows it shipped, after HQ retried", () -> shop.statuses("web-1")
                .equals(List.of("PROCESSING", "SHIPPED")));
        Await.until("the shop's stock is HQ's", () -> shop.stock().get("COF-250") != null
                && shop.stock().get("COF-250") == -2L);
        assertThat(get("/api/v1/shop/status").path("pendingReports").asLong()).isZero();

        // the catalog reaches the shop with its prices; the levels now start from its opening stock, per branch
        hq.importCatalog("acme", SyncCodec.MAPPER.readTree(Files.readString(DEMO_CATALOG)));
        Await.until("the shop has the catalog", () -> shop.catalogVersion() == 1 && shop.price("COF-250") == 699L);
        hq.setPrice("acme", "COF-250", 749, List.of());
        Await.until("the shop has the new price", () -> shop.catalogVersion() == 2 && shop.price("COF-250") == 749L);
        Await.until("the shop's stock counts both branches' opening stock", () -> Long.valueOf(2 * 40 - 2)
                .equals(shop.stock().get("COF-250")) && Long.valueOf(2 * 25).equals(shop.stock().get("COF-500")));

        ShopSimulator.Answer delivered = shop.delivered("web-1");
        assertThat(delivered.status()).as(delivered.body()).isEqualTo(202);
        assertThat(get("/api/v1/shop/orders/web-1").path("status").asText()).isEqualTo("DELIVERED");
        Await.until("A is told it was delivered", () -> orderCommands("A").size() == 2);
        assertThat(orderCommands("A").get(1).doc().path("status").asText()).isEqualTo("DELIVERED");
        assertThat(shop.delivered("web-1").status()).as("delivered again").isEqualTo(200);
        assertThat(shop.refused()).isEmpty();
    }

    private void anOrderItsBranchDoesNotTakeInGoesToTheOtherBranch(ShopSimulator shop, MqttLink branches)
            throws Exception {
        ShopSimulator.Answer placed = shop.order("web-2", Map.of("COF-500", 1L), Map.of("name", "Max"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        Await.until("HQ sends it to B after A kept silent", () -> orderCommands("B").size() == 1);
        assertThat(get("/api/v1/shop/orders/web-2").path("branch").asText()).isEqualTo("B");
        SupplyCommand cancel = orderCommands("A").getLast();
        assertThat(cancel.doc().path("orderId").asText()).isEqualTo("web-2");
        assertThat(cancel.doc().path("status").asText()).isEqualTo("CANCELLED");

        // A ships it anyway (it took the order in while HQ could not hear it): an alarm, and no report
        a.append("order.fulfilled", Map.of("orderId", "web-2", "status", "SHIPPED", "actor", "staff:anna",
                "at", "2026-12-07T10:06:00Z", "lines", List.of(Map.of("sku", "COF-500", "qty", 1)),
                "stock", List.of(Map.of("sku", "COF-500", "delta", -1))));
        upload(branches, "A", a);
        assertThat(hq.alarms()).extracting(m -> m.get("kind")).containsExactly("order-fulfilled-elsewhere");
        // the shop refuses web-2's reports for a while: they wait, and web-3's still go through
        shop.refuseReportsFor("web-2");
        b.append("order.received", Map.of("orderId", "web-2", "status", "PROCESSING", "actor", "hq",
                "at", "2026-12-07T10:07:00Z"));
        upload(branches, "B", b);
        assertThat(shop.order("web-3", Map.of("COF-250", 1L), null).status()).isEqualTo(202);
        a.append("order.received", Map.of("orderId", "web-3", "status", "PROCESSING", "actor", "hq",
                "at", "2026-12-07T10:08:00Z"));
        upload(branches, "A", a);
        Await.until("web-3's report is not held behind web-2's", () -> shop.statuses("web-3")
                .equals(List.of("PROCESSING")));
        assertThat(shop.statuses("web-2")).isEmpty();
        shop.acceptReportsFor("web-2");
        Await.until("the shop hears of B only", () -> shop.statuses("web-2").equals(List.of("PROCESSING")));
        assertThat(shop.reports().stream().filter(r -> r.orderId().equals("web-2")).map(ShopSimulator.Report::branch))
                .containsOnly("B");

        // an order neither branch takes in moves once and stays: it never goes back to the branch that cancelled it
        assertThat(shop.order("web-4", Map.of("COF-250", 1L), null).status()).isEqualTo(202);
        Await.until("web-4 moved to B", () -> orderCommands("B").stream().anyMatch(c -> c.doc().path("orderId")
                .asText().equals("web-4")));
        assertThat(shop.order("web-5", Map.of("COF-250", 1L), null).status()).isEqualTo(202);
        Await.until("web-5, placed later, moved to B too", () -> orderCommands("B").stream().anyMatch(c ->
                c.doc().path("orderId").asText().equals("web-5")));
        assertThat(get("/api/v1/shop/orders/web-4").path("branch").asText()).as("no bounce back to A").isEqualTo("B");
        assertThat(orderCommands("A").stream().filter(c -> c.doc().path("orderId").asText().equals("web-4"))
                .map(c -> c.doc().path("status").asText())).containsExactly("ROUTED", "CANCELLED");
    }

    private static byte[] order(String id, String sku, long qty) {
        return SyncCodec.encodeString(Map.of("event", "order.created", "order", Map.of("id", id,
                "lines", List.of(Map.of("sku", sku, "qty", qty)), "customer", Map.of("name", "Erika Muster"))))
                .getBytes(StandardCharsets.UTF_8);
    }

    private List<SupplyCommand> orderCommands(String branch) {
        synchronized (commands) {
            return commands.stream().map(c -> SyncCodec.decode(c[0].getBytes(StandardCharsets.UTF_8), SignedMessage.class)
                    .open(verifier, SupplyCommand.class)).filter(c -> c.branch().equals(branch)).toList();
        }
    }

    private MqttLink branchLink(int mqttPort) {
        return new MqttLink(new MqttLink.Options("tcp://127.0.0.1:" + mqttPort, "shop-branches-test",
                List.of(Topics.downAck("acme", "A"), Topics.downAck("acme", "B"), Topics.downCmd("acme", "A"),
                        Topics.downCmd("acme", "B")), null, 1_000, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                (topic, payload) -> {
                    if (topic.endsWith("/down/ack")) {
                        Ack ack = SyncCodec.decode(payload, Ack.class);
                        acks.merge(ack.device(), ack.ackedSeq(), Math::max);
                    } else {
                        Command cmd = SyncCodec.decode(payload, Command.class);
                        if (cmd.kind().equals(Command.SUPPLY)) {
                            commands.add(new String[] {cmd.body(), cmd.device()});
                        }
                    }
                }, () -> { });
    }

    private void upload(MqttLink link, String branch, TillEntries till) {
        link.publish(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, 1)), false).join();
        long head = till.entries().size();
        Await.until(branch + " acked up to " + head, () -> acks.getOrDefault(till.device(), 0L) == head);
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + hq.adminToken().value()).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        return SyncCodec.MAPPER.readTree(r.body());
    }
}

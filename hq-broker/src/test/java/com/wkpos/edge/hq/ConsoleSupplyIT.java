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
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The HQ console's Supply page in a real headless Chromium against a real HQ that two branches (stand-ins on
 * the embedded broker, as in {@link SupplyIT}) reached: the operator makes a purchase order for a branch and
 * sends it, requests a transfer between the two, sees HQ refuse one from a branch to itself, and closes the
 * transfer and the order once the branches received them. Each change is checked through HQ's API and the
 * signed commands the branches get. Screenshots go to {@code target/screenshots/}.
 */
class ConsoleSupplyIT {
    private static final Path SHOTS = Path.of("target/screenshots");
    @TempDir
    Path dir;
    private final Map<String, Long> acks = new ConcurrentHashMap<>();
    private final List<Command> commands = Collections.synchronizedList(new ArrayList<>());
    private final TillEntries nord = new TillEntries("dev-nord");
    private final TillEntries sued = new TillEntries("dev-sued");

    @Test
    void anOperatorOrdersGoodsAndMovesStockBetweenBranchesFromTheBrowser() throws Exception {
        int mqttPort = LocalPorts.free();
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme")), Clock.systemUTC(), List.of());
             MqttLink branches = branchLink(mqttPort).start();
             Browser b = Browser.start(dir.resolve("chromium"))) {
            Await.until("both links connected", () -> branches.connected() && hq.brokerConnected());
            nord.append("till.started", "{}");
            sued.append("till.started", "{}");
            upload(branches, "nord", nord);
            upload(branches, "sued", sued);
            Ed25519.Verifier verifier = new Ed25519.Verifier(Ed25519.publicKey(hq.publicKeyPem(), "HQ"));

            b.open("http://127.0.0.1:" + hq.port() + "/");
            b.type("#token", hq.adminToken().value());
            b.click("#login-form button");
            b.awaitText("#view[data-view=branches]", "sued");
            b.click("nav a[href='#supply']");
            String empty = b.awaitText("#view[data-view=supply]", "No purchase orders yet.");
            assertThat(empty).contains("Supply", "No transfers yet.", "Request a transfer", "Make a purchase order");
            assertThat(b.driver.findElements(By.cssSelector("#supply-branches option")))
                    .extracting(o -> o.getAttribute("value")).as("the branches HQ knows, offered in the forms")
                    .containsExactly("nord", "sued");

            // a purchase order for sued: three item rows, one removed again, saved as a draft, then sent
            b.type("#po-form-branch", "sued");
            b.type("#po-form-supplier", "Rösterei Nord");
            item(b, "po-form", 1, "COF-250", "20");
            b.click("#po-form-add-item");
            item(b, "po-form", 2, "MUG-01", "6");
            b.click("#po-form-add-item");
            item(b, "po-form", 3, "BAK-CRO", "30");
            b.driver.findElements(By.cssSelector("#po-form-items .item-row")).get(1)
                    .findElement(By.cssSelector(".remove-item")).click();
            b.type("#po-form-note", "Adventsmischung");
            b.click("#po-form button[type=submit]");
            String draft = b.awaitText("#po-detail", "DRAFT");
            assertThat(draft).contains("Purchase order for sued from Rösterei Nord", "not sent", "Adventsmischung",
                    "BAK-CRO 30 0 30", "COF-250 20 0 20", "Nothing received yet.").doesNotContain("MUG-01");
            JsonNode orders = adminGet(hq, "/api/v1/purchase-orders").path("purchaseOrders");
            assertThat(orders).hasSize(1);
            String po = orders.get(0).path("poId").asText();
            assertThat(adminGet(hq, "/api/v1/purchase-orders/" + po).path("lines").toString())
                    .isEqualTo("[{\"ordered\":30,\"received\":0,\"sku\":\"BAK-CRO\"},"
                            + "{\"ordered\":20,\"received\":0,\"sku\":\"COF-250\"}]");
            assertThat(commands).as("a draft stays at HQ").isEmpty();
            assertThat(b.driver.findElements(By.id("po-close"))).as("a draft is never closed").isEmpty();
            b.click("#po-send");
            b.driver.switchTo().alert().accept();
            b.awaitText("#po-detail h3", "SENT");
            assertThat(adminGet(hq, "/api/v1/purchase-orders/" + po).path("status").asText()).isEqualTo("SENT");
            Await.until("the order at sued", () -> commands.size() == 1);
            SupplyCommand sent = open(verifier, commands.getFirst());
            assertThat(commands.getFirst().device() + " " + sent.kind() + " " + sent.doc().path("status").asText())
                    .isEqualTo("dev-sued purchase-order SENT");
            assertThat(b.driver.findElements(By.id("po-send"))).as("sent once").isEmpty();
            assertThat(b.textOf("#po-list"))
                    .contains("sued Rösterei Nord BAK-CRO × 30, COF-250 × 20 50 0 SENT Open");

            // a transfer nord -> sued: PENDING, told to both, nothing to close yet
            b.type("#transfer-form-from", "nord");
            b.type("#transfer-form-to", "sued");
            item(b, "transfer-form", 1, "COF-250", "5");
            b.click("#transfer-form-add-item");
            item(b, "transfer-form", 2, "BAK-CRO", "2");
            b.type("#transfer-form-note", "Adventsmarkt");
            b.click("#transfer-form button[type=submit]");
            String pending = b.awaitText("#transfer-detail", "PENDING");
            assertThat(pending).contains("Transfer nord → sued", "Requested by hq", "Adventsmarkt",
                    "BAK-CRO 2 — —", "COF-250 5 — —", "requested hq");
            assertThat(b.driver.findElements(By.id("transfer-close"))).as("a PENDING transfer is not closed").isEmpty();
            JsonNode transfers = adminGet(hq, "/api/v1/transfers").path("transfers");
            assertThat(transfers).hasSize(1);
            String id = transfers.get(0).path("transferId").asText();
            assertThat(transfers.get(0).path("status").asText()).isEqualTo("PENDING");
            Await.until("the request at both branches", () -> commands.size() == 3);
            b.screenshot(SHOTS.resolve("hq-console-supply-transfer.png"));

            // from a branch to itself: HQ's answer in the form, nothing made
            b.type("#transfer-form-from", "nord");
            b.type("#transfer-form-to", "nord");
            item(b, "transfer-form", 1, "COF-250", "1");
            b.click("#transfer-form button[type=submit]");
            b.awaitText("#transfer-form-error", "HQ refused: a transfer needs two branches; from and to are both nord");
            b.type("#transfer-form-to", "ghost");
            b.click("#transfer-form button[type=submit]");
            b.awaitText("#transfer-form-error", "tenant acme has no branch ghost");
            assertThat(adminGet(hq, "/api/v1/transfers").path("transfers")).as("nothing made").hasSize(1);
            assertThat(commands).as("nothing sent").hasSize(3);

            // nord ships it, sued receives one bag less: the operator sees why and closes it with a reason
            nord.append("transfer.approved", Map.of("transferId", id, "actor", "staff:anna", "at", "2026-12-07T09:00:00Z"));
            nord.append("transfer.shipped", Map.of("transferId", id, "actor", "staff:anna", "at", "2026-12-07T09:10:00Z",
                    "lines", List.of(Map.of("sku", "COF-250", "shipped", 5), Map.of("sku", "BAK-CRO", "shipped", 2)),
                    "stock", List.of(Map.of("sku", "COF-250", "delta", -5), Map.of("sku", "BAK-CRO", "delta", -2))));
            upload(branches, "nord", nord);
            sued.append("transfer.received", Map.of("transferId", id, "actor", "staff:ben", "at", "2026-12-07T12:00:00Z",
                    "lines", List.of(Map.of("sku", "COF-250", "received", 4, "reason", "one bag torn"),
                            Map.of("sku", "BAK-CRO", "received", 2)), "status", "PARTIALLY_RECEIVED",
                    "stock", List.of(Map.of("sku", "COF-250", "delta", 4), Map.of("sku", "BAK-CRO", "delta", 2))));
            upload(branches, "sued", sued);
            b.click("#transfer-detail-hide");
            b.awaitText("#transfer-list", "PARTIALLY_RECEIVED");
            assertThat(b.textOf("#transfer-list")).contains("nord → sued BAK-CRO × 2, COF-250 × 5"
                    + " PARTIALLY_RECEIVED received by sued");
            b.click("#transfer-list a.open");
            String received = b.awaitText("#transfer-detail", "PARTIALLY_RECEIVED");
            assertThat(received).contains("COF-250 5 5 4 -1 one bag torn", "BAK-CRO 2 2 2",
                    "approved nord staff:anna", "shipped nord staff:anna", "received sued staff:ben");
            b.type("#transfer-close-reason", "torn bag written off at sued");
            b.click("#transfer-close button[type=submit]");
            b.driver.switchTo().alert().accept();
            b.awaitText("#transfer-detail h3", "CLOSED");
            assertThat(b.textOf("#transfer-detail")).contains("closed hq hq").contains("torn bag written off at sued");
            assertThat(b.driver.findElements(By.id("transfer-close"))).isEmpty();
            JsonNode closed = adminGet(hq, "/api/v1/transfers/" + id);
            assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
            assertThat(closed.path("steps").get(4).path("reason").asText()).isEqualTo("torn bag written off at sued");

            // sued takes part of the order in; the operator closes the rest short
            sued.append("po.received", Map.of("poId", po, "receiptId", "r-1", "status", "PARTIALLY_RECEIVED",
                    "lines", List.of(Map.of("sku", "COF-250", "qty", 18, "reason", "supplier short"),
                            Map.of("sku", "BAK-CRO", "qty", 30)),
                    "stock", List.of(Map.of("sku", "COF-250", "delta", 18), Map.of("sku", "BAK-CRO", "delta", 30)),
                    "actor", "staff:ben", "at", "2026-12-08T08:00:00Z"));
            upload(branches, "sued", sued);
            b.click("#transfer-detail-hide");
            b.awaitText("#po-list", "PARTIALLY_RECEIVED");
            b.click("#po-list a.open");
            String partly = b.awaitText("#po-detail", "PARTIALLY_RECEIVED");
            assertThat(partly).contains("COF-250 20 18 2", "BAK-CRO 30 30 0", "r-1 staff:ben",
                    "Discrepancies", "r-1 COF-250 18 supplier short");
            b.screenshot(SHOTS.resolve("hq-console-supply-order.png"));
            b.type("#po-close-reason", "the rest is not coming");
            b.click("#po-close button[type=submit]");
            b.driver.switchTo().alert().accept();
            b.awaitText("#po-detail h3", "CLOSED");
            assertThat(b.textOf("#po-detail")).contains("Closed: the rest is not coming.");
            assertThat(adminGet(hq, "/api/v1/purchase-orders/" + po).path("closeReason").asText())
                    .isEqualTo("the rest is not coming");
            b.click("#po-detail-hide");
            b.awaitText("#po-list", "CLOSED");
            b.driver.executeScript("window.scrollTo(0, 0)");
            b.screenshot(SHOTS.resolve("hq-console-supply.png"));

            // the filter: nord has the transfer but no order
            b.driver.findElement(By.cssSelector("#supply-filter-branch")).sendKeys("nord");
            b.click("#supply-filter button");
            b.awaitText("#view[data-view=supply]", "No purchase orders match.");
            assertThat(b.textOf("#transfer-list")).contains("nord → sued").contains("CLOSED");
            b.driver.findElement(By.cssSelector("#supply-filter-tstatus")).sendKeys("PENDING");
            b.click("#supply-filter button");
            b.awaitText("#view[data-view=supply]", "No transfers match.");
            b.assertNoConsoleErrors();
        }
    }

    private static void item(Browser b, String form, int row, String sku, String qty) {
        WebElement r = b.driver.findElements(By.cssSelector("#" + form + "-items .item-row")).get(row - 1);
        for (var field : Map.of("sku", sku, "qty", qty).entrySet()) {
            WebElement input = r.findElement(By.name(field.getKey()));
            input.clear();
            input.sendKeys(field.getValue());
        }
    }

    private static SupplyCommand open(Ed25519.Verifier verifier, Command cmd) {
        return SyncCodec.decode(cmd.body().getBytes(StandardCharsets.UTF_8), SignedMessage.class)
                .open(verifier, SupplyCommand.class);
    }

    private static JsonNode adminGet(Hq hq, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port() + path))
                    .header("Authorization", "Bearer " + hq.adminToken().value()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return SyncCodec.MAPPER.readTree(r.body());
        }
    }

    /** Both branches' stand-in: takes acks and keeps every supply command HQ sends them. */
    private MqttLink branchLink(int mqttPort) {
        return new MqttLink(new MqttLink.Options("tcp://127.0.0.1:" + mqttPort, "console-supply-branches",
                List.of(Topics.downAck("acme", "nord"), Topics.downAck("acme", "sued"), Topics.downCmd("acme", "nord"),
                        Topics.downCmd("acme", "sued")), null, 1_000, Duration.ofSeconds(10), Duration.ofSeconds(1)),
                (topic, payload) -> {
                    if (topic.endsWith("/down/ack")) {
                        Ack ack = SyncCodec.decode(payload, Ack.class);
                        acks.merge(ack.device(), ack.ackedSeq(), Math::max);
                    } else {
                        Command cmd = SyncCodec.decode(payload, Command.class);
                        if (cmd.kind().equals(Command.SUPPLY)) {
                            commands.add(cmd);
                        }
                    }
                }, () -> { });
    }

    private void upload(MqttLink link, String branch, TillEntries till) {
        link.publish(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, 1)), false).join();
        long head = till.entries().size();
        Await.until(branch + " acked up to " + head, () -> acks.getOrDefault(till.device(), 0L) == head);
    }
}

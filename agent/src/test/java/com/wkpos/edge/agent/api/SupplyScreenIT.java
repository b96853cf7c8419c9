package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Await;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.sync.SyncSettings;
import com.wkpos.edge.hq.Browser;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The back office's Stock tab in a real headless Chromium, at two branches synced through a real HQ: the
 * manager at sued requests goods from nord, nord's manager approves and ships part of them, sued's manager
 * is refused a receipt that differs without a reason and then receives with one, nord closes it; sued
 * takes in the goods of a purchase order HQ sent and records a write-off. Every figure the pages show is
 * checked against what the boxes recorded.
 */
class SupplyScreenIT {
    private static final Path SHOTS = Path.of("target/screenshots");
    @TempDir
    Path dir;

    @Test
    void transfersAndPurchaseOrdersAtTheScreen() throws Exception {
        int mqtt;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            mqtt = s.getLocalPort();
        }
        TestLicense license = new TestLicense(dir);
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqtt, "--tenant", TestLicense.TENANT)), Clock.systemUTC(),
                List.of());
             Agent nord = start(license, hq, "nord");
             Agent sued = start(license, hq, "sued");
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http admin = new Http(hq.port(), hq.adminToken().value());
            Http atSued = Http.paired(sued).login("maria", "9999");
            Http atNord = Http.paired(nord).login("maria", "9999");
            Await.until("HQ knows both branches", Duration.ofSeconds(30), () -> hq.branches(TestLicense.TENANT).size() == 2);
            long nordStart = level(atNord, "COF-250");
            long suedStart = level(atSued, "COF-250");

            // sued asks nord for 6 bags
            enter(b, sued);
            b.click("#transfer-new");
            b.type("#tr-from", "nord");
            b.type("#tr-items .it-sku", "COF-250");
            b.type("#tr-items .it-qty", "sechs");
            b.click("#tr-form button[type=submit]");
            b.awaitText("#tr-form-error", "whole number");
            assertThat(atSued.get("/api/v1/transfers").json().get("transfers")).as("nothing requested").isEmpty();
            b.type("#tr-items .it-qty", "6");
            b.click("#tr-form button[type=submit]");
            b.awaitText("#transfer-lines", "waiting for approval");
            String id = atSued.get("/api/v1/transfers").json().get("transfers").get(0).get("id").asText();

            // nord approves and ships 5
            enter(b, nord);
            refreshUntil(b, "#transfer-lines", "6 × COF-250");
            b.click("[data-transfer='" + id + "']");
            b.awaitText("#dialog", "Transfer nord");
            b.click("#tr-approve");
            b.awaitText("#tr-status", "approved");
            b.type("#ship-lines input.q", "5");
            b.click("#tr-ship button[type=submit]");
            b.awaitText("#tr-status", "on its way");
            assertThat(level(atNord, "COF-250")).isEqualTo(nordStart - 5);
            b.screenshot(SHOTS.resolve("backoffice-transfer-shipped.png"));
            b.click("#dialog .actions button.secondary:last-child");

            // sued receives 4: refused without a reason, then with one
            enter(b, sued);
            refreshUntil(b, "#transfer-lines", "on its way");
            b.click("[data-transfer='" + id + "']");
            b.type("#recv-lines input.q", "4");
            b.click("#tr-receive button[type=submit]");
            b.awaitText("#tr-receive-error", "give a reason");
            assertThat(level(atSued, "COF-250")).as("the refusal moved nothing").isEqualTo(suedStart);
            b.type("#recv-lines input.why", "one bag torn");
            b.click("#tr-receive button[type=submit]");
            b.awaitText("#tr-status", "received with differences");
            assertThat(level(atSued, "COF-250")).isEqualTo(suedStart + 4);
            b.click("#dialog .actions button.secondary:last-child");

            // nord closes it
            enter(b, nord);
            refreshUntil(b, "#transfer-lines", "received with differences");
            b.click("[data-transfer='" + id + "']");
            assertThat(b.textOf("#dialog")).contains("one bag torn");
            b.type("#tr-close-reason", "torn bag written off");
            b.click("#tr-close button[type=submit]");
            b.awaitText("#tr-status", "closed");
            b.click("#dialog .actions button.secondary:last-child");

            // HQ orders 10 bags for sued; sued takes 8 in, then 3 with a reason
            Http.Response po = admin.post("/api/v1/purchase-orders", "{\"branch\":\"sued\",\"supplier\":\"Rösterei Nord\","
                    + "\"lines\":[{\"sku\":\"COF-250\",\"qty\":10}]}", null);
            assertThat(po.status()).as(po.body()).isEqualTo(201);
            String order = po.json().path("id").asText(po.json().path("poId").asText());
            assertThat(admin.post("/api/v1/purchase-orders/" + order + "/send", "", null).status()).isEqualTo(200);
            enter(b, sued);
            refreshUntil(b, "#po-lines", "Rösterei Nord");
            b.click("[data-po='" + order + "']");
            b.type("#po-receive input.q", "8");
            b.click("#po-form button[type=submit]");
            b.awaitText("#po-status", "partially received");
            b.type("#po-receive input.q", "3");
            b.click("#po-form button[type=submit]");
            b.awaitText("#po-form-error", "give a reason");
            b.type("#po-receive input.why", "one extra in the box");
            b.click("#po-form button[type=submit]");
            b.awaitText("#po-status", "received");
            assertThat(level(atSued, "COF-250")).isEqualTo(suedStart + 4 + 11);
            b.click("#dialog .actions button.secondary:last-child");

            // a reservation for a web order that will not be collected, released from the tab
            Http.Response held = atSued.post("/api/v1/stock/reservations", "{\"sku\":\"COF-250\",\"qty\":2,"
                    + "\"reference\":\"WEB-1001\"}", null);
            assertThat(held.status()).as(held.body()).isEqualTo(201);
            refreshUntil(b, "#res-lines", "WEB-1001");
            b.click("[data-release='" + held.json().at("/reservation/id").asText() + "']");
            b.type("#rel-reason", "not collected");
            b.click("#rel-form button[type=submit]");
            b.awaitText("#toast", "2 × COF-250 available again");
            assertThat(atSued.get("/api/v1/stock/reservations?open=true").json().get("reservations")).isEmpty();

            // a write-off from the same tab
            b.click("#stock-move");
            b.visible("#mv-type");
            new org.openqa.selenium.support.ui.Select(b.driver.findElement(org.openqa.selenium.By.cssSelector("#mv-type")))
                    .selectByValue("DAMAGE");
            b.type("#mv-sku", "COF-250");
            b.type("#mv-qty", "2");
            b.type("#mv-reason", "dropped");
            b.click("#mv-form button[type=submit]");
            b.awaitText("#toast", "COF-250: " + (suedStart + 13) + " on hand");
            // a serialized item comes in by the serial number of each unit
            b.click("#stock-move");
            b.type("#mv-sku", "GRIND-EL");
            b.type("#mv-qty", "2");
            b.type("#mv-serials", "GR-7001\nGR-7002");
            b.click("#mv-form button[type=submit]");
            b.awaitText("#toast", "GRIND-EL: 2 on hand");
            assertThat(atSued.get("/api/v1/stock/GRIND-EL").json().get("onHand").asLong()).isEqualTo(2);
            // and against a purchase order, the same way
            Http.Response grinders = admin.post("/api/v1/purchase-orders", "{\"branch\":\"sued\",\"supplier\":"
                    + "\"Elektro Nord\",\"lines\":[{\"sku\":\"GRIND-EL\",\"qty\":2}]}", null);
            assertThat(grinders.status()).as(grinders.body()).isEqualTo(201);
            String grinderOrder = grinders.json().path("id").asText(grinders.json().path("poId").asText());
            assertThat(admin.post("/api/v1/purchase-orders/" + grinderOrder + "/send", "", null).status()).isEqualTo(200);
            long grindersStart = level(atSued, "GRIND-EL");
            refreshUntil(b, "#po-lines", "Elektro Nord");
            b.click("[data-po='" + grinderOrder + "']");
            b.type("#po-receive input.sn", "GR-8001");
            b.click("#po-form button[type=submit]");
            b.awaitText("#po-form-error", "one serial number per unit");
            b.type("#po-receive input.sn", "GR-8001 GR-8002");
            b.click("#po-form button[type=submit]");
            b.awaitText("#po-status", "received");
            assertThat(level(atSued, "GRIND-EL")).isEqualTo(grindersStart + 2);
            b.click("#dialog .actions button.secondary:last-child");
            b.click("[data-sku='COF-250']");
            b.awaitText("#mv-history", "DAMAGE");
            assertThat(b.textOf("#mv-history")).contains("PURCHASE", "TRANSFER_IN");
            b.screenshot(SHOTS.resolve("backoffice-stock.png"));
            b.assertNoConsoleErrors();

            Await.until("HQ has the transfer closed and the order received", Duration.ofSeconds(20), () -> {
                try {
                    return admin.get("/api/v1/transfers/" + id).json().path("status").asText().equals("CLOSED")
                            && admin.get("/api/v1/purchase-orders/" + order).json().path("status").asText()
                            .equals("RECEIVED");
                } catch (Exception e) {
                    return false;
                }
            });
        }
        assertThat(Agent.verifier().verify(dir.resolve("nord")).findings()).isEmpty();
        assertThat(Agent.verifier().verify(dir.resolve("sued")).findings()).isEmpty();
    }

    /** Opens a branch's back office, pairing and logging the manager in the first time this origin is seen. */
    private static void enter(Browser b, Agent agent) {
        b.open(agent.url("127.0.0.1") + "backoffice/");
        Await.until("the back office shows", Duration.ofSeconds(15), () -> !b.textOf("#unpaired").isBlank()
                || !b.textOf("#office").isBlank() || !b.textOf("#login").isBlank());
        if (b.driver.findElement(org.openqa.selenium.By.id("unpaired")).isDisplayed()) {
            b.click("#pair-link");
            b.type("#pair-code", agent.pairing().issueCode("test").code());
            b.type("#pair-name", "Office PC");
            b.click("#pair-form button");
            b.awaitText("#login", "Back office login");
        }
        if (b.driver.findElement(org.openqa.selenium.By.id("login")).isDisplayed()) {
            b.type("#login-id", "maria");
            b.type("#login-pin", "9999");
            b.click("#login-form button");
            b.awaitText("#bar-staff", "Maria");
        }
        b.click("[data-tab=stock]");
        b.visible("#tab-stock");
    }

    /** Shows the tab again until {@code css} shows {@code text}: HQ carries the other branch's step a moment later. */
    private static void refreshUntil(Browser b, String css, String text) {
        Await.until(css + " shows " + text, Duration.ofSeconds(30), () -> {
            b.click("[data-tab=stock]");
            try {
                new org.openqa.selenium.support.ui.WebDriverWait(b.driver, Duration.ofSeconds(1)).until(
                        org.openqa.selenium.support.ui.ExpectedConditions.textToBePresentInElementLocated(
                                org.openqa.selenium.By.cssSelector(css), text));
                return true;
            } catch (org.openqa.selenium.TimeoutException notYet) {
                return false;
            }
        });
    }

    private static long level(Http http, String sku) throws Exception {
        JsonNode l = http.get("/api/v1/stock/" + sku).json();
        return l.get("onHand").asLong();
    }

    private Agent start(TestLicense license, Hq hq, String branch) {
        Path state = dir.resolve(branch);
        license.installFor(state);
        AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", state.toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till")));
        SyncSettings s = new SyncSettings(hq.brokerUrl(), TestLicense.TENANT, branch,
                dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE), Duration.ofSeconds(30), 500, 4, Duration.ofSeconds(2), 200);
        return Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
    }
}

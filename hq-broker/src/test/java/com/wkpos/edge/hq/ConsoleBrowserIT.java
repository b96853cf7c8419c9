package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.hq.TillEntries.Line;
import com.wkpos.edge.hq.TillEntries.Pay;
import com.wkpos.edge.protocol.Ack;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.protocol.Topics;
import com.wkpos.edge.protocol.mqtt.MqttLink;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HQ console in a real headless Chromium against a real HQ (embedded broker, SQLite) that two
 * branches' journals reached over MQTT: the operator logs in with the admin token, sees the branches,
 * their sales and stock, publishes a price, adds a till user, mints and registers a license and makes an
 * enrollment token, and each change is checked through HQ itself. Screenshots of every screen are
 * written to {@code target/screenshots/}.
 */
class ConsoleBrowserIT {
    private static final Path SHOTS = Path.of("target/screenshots");
    @TempDir
    Path dir;
    private final Map<String, Long> acks = new ConcurrentHashMap<>();

    @Test
    void anOperatorRunsHqFromTheBrowser() throws Exception {
        int mqttPort = LocalPorts.free();
        TillEntries nord = new TillEntries("dev-nord");
        nord.sale("n1", 1, "2026-11-21T09:15:00Z", "Anna", List.of(new Line("COF-250", 2, 998, 159),
                new Line("BAK-CRO", 1, 129, 8)), List.of(new Pay("CASH", 2000)));
        nord.sale("n2", 2, "2026-11-21T15:30:00Z", "Ben", List.of(new Line("COF-250", 1, 499, 80)),
                List.of(new Pay("CARD", 499)));
        nord.append("stock.low", java.util.Map.of("sku", "COF-250", "onHand", 9, "reorderLevel", 10, "cause", "sale:n2",
                "at", "2026-11-21T15:30:00Z"));
        TillEntries sued = new TillEntries("dev-sued");
        sued.sale("s1", 1, "2026-11-20T10:00:00Z", "Cem", List.of(new Line("BAK-CRO", 3, 387, 25)),
                List.of(new Pay("CASH", 400)));

        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqttPort, "--tenant", "acme")), Clock.systemUTC(), List.of());
             MqttLink branches = branchLink(mqttPort).start();
             Browser browser = Browser.start(dir.resolve("chromium"))) {
            hq.importCatalog("acme", SyncCodec.MAPPER.readTree(Files.readString(CatalogImportIT.DEMO_CATALOG)));
            Await.until("both links connected", () -> branches.connected() && hq.brokerConnected());
            upload(branches, "nord", nord);
            upload(branches, "sued", sued);
            String base = "http://127.0.0.1:" + hq.port() + "/";

            browser.open(base);
            browser.visible("#login-form");
            assertThat(browser.textOf("#login")).contains("HQ admin token", "admin.token");
            browser.type("#token", "not-the-token");
            browser.click("#login-form button");
            browser.awaitText("#login-error", "HQ refused the admin token");
            assertThat(browser.visible("#login").isDisplayed()).isTrue();
            browser.screenshot(SHOTS.resolve("hq-console-login.png"));

            browser.type("#token", hq.adminToken().value());
            browser.click("#login-form button");
            String branchesView = browser.awaitText("#view[data-view=branches]", "sued");
            assertThat(branchesView).contains("Branches", "nord", "sued", "Alarms", "No alarms.");
            assertThat(branchesView).as("nord's three entries acknowledged, nothing held back, no heartbeat yet")
                    .contains("acme nord dev-nord… offline never 3 0 0 s 0 — no license")
                    .contains("acme sued dev-sued… offline never 1 0 0 s 0 — no license");
            browser.screenshot(SHOTS.resolve("hq-console-branches.png"));

            browser.click("nav a[href='#sales']");
            String sales = browser.awaitText("#view[data-view=sales]", "Total 3");
            assertThat(sales).contains("Europe/Berlin")
                    .contains("nord 2 16,26 € 2,47 € 0 0,00 € 16,26 €", "sued 1 3,87 € 0,25 € 0 0,00 € 3,87 €",
                            "Total 3 20,13 € 2,72 € 0 0,00 € 20,13 €")
                    .contains("nord 1 21.11.2026, 10:15:00 Anna 2 11,27 € 1,67 € 0,00 € CASH 20,00 € (change 8,73 €)");
            browser.screenshot(SHOTS.resolve("hq-console-sales.png"));
            browser.driver.findElement(org.openqa.selenium.By.cssSelector("#sales-filter select"))
                    .sendKeys("sued");
            browser.click("#sales-filter button");
            // the unfiltered page shows sued's row too: only the total tells the filtered page has replaced it
            assertThat(browser.awaitText("#view[data-view=sales] table", "Total 1 3,87 €")).contains("sued 1 3,87 €");
            assertThat(browser.textOf("#view[data-view=sales]")).as("only sued's sales").doesNotContain("Anna", "nord 2");

            browser.click("nav a[href='#stock']");
            String stock = browser.awaitText("#view[data-view=stock]", "COF-250");
            assertThat(stock).contains("nord COF-250 -3 2", "nord BAK-CRO -1 1", "sued BAK-CRO -3 1");
            assertThat(browser.textOf("#stock-alerts")).as("nord's low-stock alert").contains("nord COF-250 9 10 sale:n2");
            browser.screenshot(SHOTS.resolve("hq-console-stock.png"));

            // nord's back office: a job paid in part and the rent, in the monthly report with the sales, and as CSV
            nord.job("j1", "c1", "Frau Meier", "2026-11-03", 12000, "2026-11-03T09:00:00Z");
            nord.pay("p1", "j1", "c1", "CASH", 5000, 5000, "2026-11-03", "2026-11-03T10:00:00Z");
            nord.expense("e1", "RENT", 30000, "BANK", "2026-11-01", "2026-11-01T07:00:00Z");
            upload(branches, "nord", nord);
            Path downloads = Files.createDirectories(dir.resolve("downloads"));
            browser.driver.executeCdpCommand("Browser.setDownloadBehavior", java.util.Map.of("behavior", "allow",
                    "downloadPath", downloads.toString()));
            browser.click("nav a[href='#reports']");
            browser.awaitText("#view[data-view=reports]", "Choose a report");
            browser.visible("#report-filter-name").sendKeys("Monthly");
            browser.type("#report-filter-from", "11012026");
            browser.type("#report-filter-to", "11302026");
            browser.click("#report-filter button");
            String monthly = browser.awaitText("#report-table", "Total");
            assertThat(monthly).contains("Sales (net of refunds) Service revenue Revenue Expenses Profit")
                    .contains("2026-11 20,13 € 120,00 € 140,13 € 300,00 € -159,87 €")
                    .contains("Total 20,13 € 120,00 € 140,13 € 300,00 € -159,87 €");
            assertThat(browser.textOf("#view[data-view=reports]")).contains("Monthly report",
                    "2026-11-01 to 2026-11-30 (Europe/Berlin), amounts in EUR", "tenant acme, all branches");
            browser.screenshot(SHOTS.resolve("hq-console-reports.png"));
            browser.click("#report-csv");
            Path csv = awaitFile(downloads.resolve("monthly-2026-11-01-2026-11-30.csv"));
            assertThat(Files.readAllLines(csv)).containsExactly("month,salesNet,serviceRevenue,revenue,expenses,profit",
                    "2026-11,2013,12000,14013,30000,-15987", "Total,2013,12000,14013,30000,-15987");

            browser.click("nav a[href='#catalog']");
            browser.awaitText("#view[data-view=catalog]", "House Blend Coffee");
            browser.type("#price-form-sku", "COF-250");
            browser.type("#price-form-price", "4,49");
            browser.click("#price-form button");
            browser.awaitText("#toast", "COF-250 now costs 4,49 €");
            assertThat(price(hq, "COF-250")).as("the price HQ now sends the branches").isEqualTo(449);
            browser.type("#price-form-sku", "NO-SUCH-SKU");
            browser.type("#price-form-price", "1,00");
            browser.click("#price-form button");
            browser.awaitText("#toast", "NO-SUCH-SKU");
            browser.type("#catalog-search-q", "House Blend");
            browser.click("#catalog-search button");
            browser.awaitText("#view[data-view=catalog] table", "COF-250 House Blend Coffee 250 g 4006381333931 4,49 €");
            browser.screenshot(SHOTS.resolve("hq-console-catalog.png"));

            browser.click("nav a[href='#users']");
            browser.awaitText("#view[data-view=users]", "No users published yet");
            browser.type("#user-form-id", "lea");
            browser.type("#user-form-name", "Lea Leitner");
            browser.driver.findElement(org.openqa.selenium.By.id("user-form-role")).sendKeys("manager");
            browser.type("#user-form-pin", "2468");
            browser.click("#user-form button");
            browser.awaitText("#view[data-view=users] table", "lea Lea Leitner manager");
            JsonNode users = hq.downstreams().section("acme", Downstream.USERS).orElseThrow();
            assertThat(users).hasSize(1);
            assertThat(users.get(0).path("role").asText()).isEqualTo("MANAGER");
            assertThat(users.get(0).has("pin")).as("the PIN is never kept in clear").isFalse();
            assertThat(PinHash.matches("2468", users.get(0).path("pinHash").asText())).isTrue();
            browser.screenshot(SHOTS.resolve("hq-console-users.png"));

            browser.click("nav a[href='#licenses']");
            browser.awaitText("#view[data-view=licenses]", "No tenant is registered.");
            browser.click("#serial-form button");
            String serial = browser.visible("#new-serial").getText();
            browser.type("#tenant-form-serial", serial);
            browser.type("#tenant-form-tenant", "globex");
            browser.click("#tenant-form button");
            browser.awaitText("#view[data-view=licenses] table", "globex pro till, sync, reports ACTIVE");
            browser.click("#view[data-view=licenses] table button.secondary");
            browser.driver.switchTo().alert().accept();
            browser.awaitText("#view[data-view=licenses] table", "SUSPENDED");
            assertThat(adminGet(hq, "/admin/license/tenants/globex").path("status").asText()).isEqualTo("SUSPENDED");
            browser.screenshot(SHOTS.resolve("hq-console-licenses.png"));

            browser.click("nav a[href='#enrollment']");
            browser.awaitText("#view[data-view=enrollment]", "No box has enrolled.");
            browser.type("#enroll-form-tenant", "acme");
            browser.type("#enroll-form-branch", "west");
            browser.click("#enroll-form button");
            String token = browser.visible("#new-enroll-token").getText();
            assertThat(token).isNotBlank();
            assertThat(browser.textOf("#view[data-view=enrollment]")).contains("acme.west.");
            browser.screenshot(SHOTS.resolve("hq-console-enrollment.png"));

            browser.assertNoConsoleErrors();
            browser.click("#logout");
            browser.visible("#login-form");
            browser.open(base + "#sales");
            browser.visible("#login-form");
            assertThat(browser.driver.findElement(org.openqa.selenium.By.id("view")).isDisplayed())
                    .as("logged out, the console shows nothing but the login").isFalse();
        }
    }

    private static JsonNode adminGet(Hq hq, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port() + path))
                    .header("Authorization", "Bearer " + hq.adminToken().value()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
            return SyncCodec.MAPPER.readTree(r.body());
        }
    }

    private static long price(Hq hq, String sku) {
        for (JsonNode p : hq.downstreams().catalog("acme").orElseThrow().path("products")) {
            for (JsonNode v : p.path("variants")) {
                if (v.path("sku").asText().equals(sku)) {
                    return v.path("price").asLong();
                }
            }
        }
        throw new AssertionError("no " + sku + " in HQ's catalog");
    }

    private MqttLink branchLink(int mqttPort) {
        return new MqttLink(new MqttLink.Options("tcp://127.0.0.1:" + mqttPort, "console-branches",
                List.of(Topics.downAck("acme", "nord"), Topics.downAck("acme", "sued")), null, 1_000,
                Duration.ofSeconds(10), Duration.ofSeconds(1)), (topic, payload) -> {
            Ack ack = SyncCodec.decode(payload, Ack.class);
            acks.merge(ack.device(), ack.ackedSeq(), Math::max);
        }, () -> { });
    }

    private void upload(MqttLink link, String branch, TillEntries till) {
        link.publish(Topics.upJournal("acme", branch), SyncCodec.encode(till.batch("acme", branch, 1)), false).join();
        long head = till.entries().size();
        Await.until(branch + " acked up to " + head, () -> acks.getOrDefault(till.device(), 0L) == head);
    }

    private static Path awaitFile(Path file) {
        Await.until(file.getFileName() + " downloaded", () -> {
            try {
                return Files.exists(file) && Files.size(file) > 0;
            } catch (java.io.IOException e) {
                return false;
            }
        });
        return file;
    }

}

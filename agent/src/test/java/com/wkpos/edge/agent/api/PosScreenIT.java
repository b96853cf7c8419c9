package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.drivers.scanner.SimScanner;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import com.wkpos.edge.hq.Browser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;

/**
 * A till day through the reference POS screen in a real headless Chromium against the real agent
 * (HTTPS with its own certificate, simulated printer, scanner and card terminal): pair with a code, log
 * in, open a shift, a cash sale from typed, scanned and searched items, a card sale declined and then
 * approved, a sale rung while the box is unreachable (sent again with the same key, recorded once), a
 * refund a manager approves at the screen, the X report, closing the shift and the Z. Everything is
 * checked against what the box recorded, and the journal verifies. Screenshots go to
 * {@code target/screenshots/}.
 */
class PosScreenIT {
    private static final Path SHOTS = Path.of("target/screenshots");
    @TempDir
    Path dir;

    @Test
    void aTillDayAtTheScreen() throws Exception {
        try (Agent agent = startBox();
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http api = Http.paired(agent).login("ben", "2222");
            String base = agent.url("127.0.0.1");

            b.open(base + "pos/");
            b.awaitText("#pair-fingerprint", agent.certificate().fingerprint());
            b.screenshot(SHOTS.resolve("pos-pair.png"));
            b.type("#pair-code", "000000");
            b.click("#pair-form button");
            b.awaitText("#pair-error", "code");
            b.type("#pair-code", agent.pairing().issueCode("test").code());
            b.type("#pair-name", "Till 1");
            b.click("#pair-form button");
            b.awaitText("#login-error", "Paired as \"Till 1\"");

            PosTill till = new PosTill(b).login("anna", "0000");
            b.awaitText("#login-error", "PIN");
            till.login("anna", "1111").openShift("200,00");
            assertThat(b.textOf("#bar")).contains("Anna");
            String openedAt = api.get("/api/v1/shifts").json().get("shifts").get(0).get("openedAt").asText();
            b.awaitText("#bar-shift", "Shift open since " + java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                    .format(java.time.Instant.parse(openedAt).atZone(java.time.ZoneId.of("Europe/Berlin"))));
            String status = Http.unpaired(agent).get("/").body();
            assertThat(status).as("the status page shows the screen address and the till")
                    .contains("href=\"/pos/\"", "<code>" + base + "</code>", "<th>anna</th><td>open since ",
                            "expected cash 200,00 €", "Turnover since the last Z</th><td>0,00 €", "<h2>USB</h2>\n<table><tr><th>")
                    .containsPattern("<th>Local time</th><td>\\d\\d\\.\\d\\d\\.20\\d\\d \\d\\d:\\d\\d:\\d\\d \\(Europe/Berlin\\)")
                    .as("times are the branch's, not UTC ISO").containsPattern("<th>Till 1</th><td>paired \\d\\d\\.\\d\\d\\.20")
                    .doesNotContainPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:");

            // a typed SKU, a scan from the scanner (through the events socket), a search picked with the keys
            till.enter("3*COF-1000");
            b.awaitText("#basket-lines", "3");
            ((SimScanner) agent.devices().scanner().orElseThrow()).scan("4006381333931");
            b.awaitText("#basket-lines", "House Blend Coffee");
            b.type("#search", "croissant butter");
            b.awaitText("#results", "Croissant");
            b.visible("#search").sendKeys(Keys.ENTER);
            b.awaitText("#basket-lines", "Croissant");
            b.visible("#search").sendKeys("+");
            long expected = quote(api, "[{\"sku\":\"COF-1000\",\"qty\":3},{\"sku\":\"COF-250\",\"qty\":1},{\"sku\":\"BAK-CRO\",\"qty\":2}]");
            b.awaitText("#t-total", PosTill.money(expected));
            b.screenshot(SHOTS.resolve("pos-basket.png"));

            b.visible("#search").sendKeys(Keys.F2);
            b.type("#tendered", "100");
            b.visible("#tendered").sendKeys(Keys.ENTER);
            b.awaitText("#change", "Change " + PosTill.money(10_000 - expected));
            b.screenshot(SHOTS.resolve("pos-change.png"));
            b.visible("#dialog button").sendKeys(Keys.ENTER);
            List<JsonNode> sales = sales(agent, api);
            assertThat(sales).hasSize(1);
            JsonNode cashSale = sales.getFirst();
            assertThat(cashSale.get("total").asLong()).isEqualTo(expected);
            assertThat(cashSale.get("change").asLong()).isEqualTo(10_000 - expected);
            assertThat(cashSale.get("lines")).hasSize(3);

            // card declined, the basket is kept, then approved with the same key: one sale
            ZvtSimulator terminal = agent.drivers().terminalSimulator().orElseThrow();
            terminal.script(ZvtSimulator.Outcome.decline(0x05));
            till.enter("COF-500"); // typed at once after the dialog closed: no keystroke of a scan may be lost
            b.awaitText("#t-total", PosTill.money(quote(api, "[{\"sku\":\"COF-500\",\"qty\":1}]")));
            b.visible("#search").sendKeys(Keys.F3);
            b.awaitText("#declined", "DECLINED");
            b.screenshot(SHOTS.resolve("pos-card-declined.png"));
            new Actions(b.driver).sendKeys(Keys.F3).perform();
            b.awaitText("#change", "No change due");
            b.visible("#dialog button").sendKeys(Keys.ENTER);
            sales = sales(agent, api);
            assertThat(sales).hasSize(2);
            assertThat(sales.get(1).get("payments").get(0).get("method").asText()).isEqualTo("CARD");
            assertThat(api.get("/api/v1/parked-sales").json().get("parkedSales").findValuesAsText("status"))
                    .as("the declined attempt was completed, not left parked").doesNotContain("OPEN");

            // the box is unreachable when the cashier pays: the screen sends the same sale again, once it answers
            till.enter("COF-250");
            b.awaitText("#t-total", PosTill.money(quote(api, "[{\"sku\":\"COF-250\",\"qty\":1}]")));
            ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
            offline.setOffline(true);
            b.driver.setNetworkConditions(offline);
            b.visible("#search").sendKeys(Keys.F2);
            b.visible("#tendered").sendKeys(Keys.ENTER);
            b.awaitText("#sale-note", "same key");
            b.awaitText("#offline", "nothing is lost or doubled");
            b.screenshot(SHOTS.resolve("pos-box-unreachable.png"));
            b.driver.deleteNetworkConditions();
            b.awaitText("#change", "No change due");
            b.visible("#dialog button").sendKeys(Keys.ENTER);
            assertThat(sales(agent, api)).as("recorded once").hasSize(3);

            // a refund above the threshold: the manager approves at the screen
            b.visible("#search").sendKeys(Keys.F8);
            b.click("[data-sale='" + cashSale.get("id").asText() + "']");
            b.type("#refund-qty-1", "1");
            b.type("#refund-reason", "damaged pack");
            b.click("#do-refund");
            b.awaitText("#approval-why", "This needs a manager's approval: a refund of ");
            b.type("#approval-manager", "maria");
            b.type("#approval-pin", "9999");
            b.visible("#approval-pin").sendKeys(Keys.ENTER);
            long share = cashSale.get("lines").get(0).get("total").asLong() / 3;
            b.awaitText("#refund-done", "Give back " + PosTill.money(share) + " (cash)");
            b.visible("#dialog button").sendKeys(Keys.ENTER);
            JsonNode refunds = api.get("/api/v1/sales/" + cashSale.get("id").asText() + "/refunds").json().get("refunds");
            assertThat(refunds).hasSize(1);
            assertThat(refunds.get(0).get("amount").asLong()).isEqualTo(share);

            b.visible("#search").sendKeys(Keys.F9);
            long turnover = api.get("/api/v1/reports/x").json().get("totals").get("turnover").asLong();
            b.awaitText("#x-report", "Turnover " + PosTill.money(turnover));
            b.screenshot(SHOTS.resolve("pos-x-report.png"));
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();

            b.visible("#search").sendKeys(Keys.F10);
            long expectedCash = api.get("/api/v1/reports/x").json().get("openShifts").get(0).get("expected").asLong();
            b.type("#counted", PosTill.money(expectedCash).replace(" €", "").replace(".", ""));
            b.visible("#counted").sendKeys(Keys.ENTER);
            b.awaitText("#shift-closed", "variance 0,00 €");
            b.type("#z-manager", "maria");
            b.type("#z-pin", "9999");
            b.click("#run-z");
            String z = b.awaitText("#z-done", "turnover " + PosTill.money(turnover));
            b.screenshot(SHOTS.resolve("pos-z.png"));
            assertThat(z).contains("Selling waits for a new shift");
            assertThat(api.get("/api/v1/shifts").json().get("shifts")).as("no shift left open").isEmpty();
            b.assertNoConsoleErrors("net::ERR_INTERNET_DISCONNECTED");
        }
        JournalVerifier.Report report = Agent.verifier().verify(dir.resolve("state"));
        assertThat(report.findings()).isEmpty();
    }

    /**
     * The rest of the keys: a line discount (refused while it does not parse, then above the limit so the
     * manager approves it as the sale is paid), a split payment by card and Swiss francs, a basket parked
     * and resumed, a void the manager approves, a reprint marked as a copy, cash out to the bank and the
     * drawer opened without a sale, each approved.
     */
    @Test
    void discountsSplitForeignCashParkVoidAndReprint() throws Exception {
        try (Agent agent = startBox();
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http api = Http.paired(agent).login("ben", "2222");
            PosTill till = new PosTill(b).pair(agent, "Till 2").login("anna", "1111").openShift("50");

            till.enter("COF-250").awaitTotal(quote(api, "[{\"sku\":\"COF-250\",\"qty\":1}]"));
            till.key("%");
            b.type("#line-discount", "a lot");
            b.type("#line-reason", "dented tin");
            b.visible("#line-reason").sendKeys(Keys.ENTER);
            b.awaitText("#dialog-form .error", "percent like 10 %");
            b.type("#line-discount", "20 %");
            b.type("#line-reason", "");
            b.visible("#line-reason").sendKeys(Keys.ENTER);
            b.awaitText("#dialog-form .error", "Say why");
            b.type("#line-reason", "dented tin");
            b.visible("#line-reason").sendKeys(Keys.ENTER);
            JsonNode priced = api.post("/api/v1/sales/quote", "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1,\"discount\":"
                    + "{\"percent\":20},\"reason\":\"dented tin\"}]}", null).json();
            long discounted = priced.get("total").asLong();
            till.awaitTotal(discounted);
            assertThat(b.textOf("#basket-lines")).contains("dented tin", "−");
            b.screenshot(SHOTS.resolve("pos-line-discount.png"));

            till.key(Keys.F4);
            b.type("#split-amount-0", "2,00");
            b.type("#split-amount-1", "5");
            b.type("#split-currency-1", "chf");
            b.screenshot(SHOTS.resolve("pos-split-foreign.png"));
            b.visible("#split-currency-1").sendKeys(Keys.ENTER);
            b.awaitText("#approval-why", "This needs a manager's approval: a discount of "
                    + PosTill.money(priced.get("lines").get(0).get("manualDiscount").asLong()) + ".");
            b.screenshot(SHOTS.resolve("pos-manager-approval.png"));
            till.approve("maria", "9999");
            b.awaitText("#change", "Change");
            till.nextCustomer();
            JsonNode split = sales(agent, api).getFirst();
            assertThat(split.get("total").asLong()).isEqualTo(discounted);
            assertThat(split.get("lines").get(0).get("discount").asLong()).as("the line discount went with the sale").isPositive();
            assertThat(split.get("payments").findValuesAsText("method")).containsExactly("CARD", "CASH");
            assertThat(split.get("payments").get(1).toString()).contains("CHF");
            assertThat(split.get("change").asLong()).as("francs over the rest come back in euros")
                    .isEqualTo(200 + Math.round(500 * 1.05) - discounted);

            till.enter("BAK-CRO");
            b.awaitText("#basket-lines", "Croissant");
            till.key(Keys.F6);
            b.awaitText("#toast", "parked");
            b.visible("#basket-empty");
            till.enter("COF-500").awaitTotal(quote(api, "[{\"sku\":\"COF-500\",\"qty\":1}]"));
            till.key(Keys.F7);
            b.awaitText("#dialog-body", "parked here");
            b.click("#dialog-body td button");
            b.awaitText("#toast", "Park or finish the current basket first");
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
            till.key(Keys.DELETE);
            b.visible("#basket-empty");
            till.key(Keys.F7);
            b.click("#dialog-body td button");
            b.awaitText("#basket-lines", "Croissant");
            long croissant = quote(api, "[{\"sku\":\"BAK-CRO\",\"qty\":1}]");
            till.awaitTotal(croissant).payCashExact();
            JsonNode resumed = sales(agent, api).get(1);
            assertThat(resumed.get("total").asLong()).isEqualTo(croissant);

            till.key(Keys.F8);
            b.click("[data-sale='" + resumed.get("id").asText() + "']");
            b.type("#refund-reason", "rung by mistake");
            b.click("#do-void");
            till.approve("maria", "9999");
            b.awaitText("#void-done", "voided: " + PosTill.money(croissant) + " back");
            till.nextCustomer();
            JsonNode voids = api.get("/api/v1/sales/" + resumed.get("id").asText() + "/refunds").json().get("refunds");
            assertThat(voids.findValuesAsText("kind")).containsExactly("VOID");

            int printed = agent.drivers().printerSimulator().receipts().size();
            till.key(Keys.F8);
            b.click("[data-sale='" + split.get("id").asText() + "']");
            b.click("#do-reprint");
            b.awaitText("#toast", "Copy of receipt " + split.get("invoiceNo").asText());
            agent.drivers().printerSimulator().awaitReceipts(printed + 1, java.time.Duration.ofSeconds(20));
            assertThat(agent.drivers().printerSimulator().receipts().getLast()).contains("KOPIE");

            // more cash out than the drawer holds is refused after the approval; cash in, then out to the bank
            long expectedCash = api.get("/api/v1/reports/x").json().get("openShifts").get(0).get("expected").asLong();
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
            till.key(Keys.F1);
            b.type("#cash-amount", "80");
            b.visible("#cash-amount").sendKeys(Keys.ENTER);
            b.awaitText("#dialog-form .error", "Say why");
            b.type("#cash-reason", "to the bank");
            b.visible("#cash-reason").sendKeys(Keys.ENTER);
            b.awaitText("#approval-why", "taking out 80,00 €");
            till.approve("maria", "9999");
            b.awaitText("#dialog-form .error", "should hold");
            new Actions(b.driver).sendKeys(Keys.ESCAPE).perform();
            assertThat(api.get("/api/v1/reports/x").json().get("openShifts").get(0).get("expected").asLong())
                    .as("refused, nothing moved").isEqualTo(expectedCash);
            till.key(Keys.F1);
            new org.openqa.selenium.support.ui.Select(b.visible("#cash-kind")).selectByValue("IN");
            b.type("#cash-amount", "100");
            b.type("#cash-reason", "from the safe");
            b.visible("#cash-reason").sendKeys(Keys.ENTER);
            b.awaitText("#toast", "Cash in 100,00 € recorded.");
            till.key(Keys.F1);
            b.type("#cash-amount", "80");
            b.type("#cash-reason", "to the bank");
            b.visible("#cash-reason").sendKeys(Keys.ENTER);
            till.approve("maria", "9999");
            b.awaitText("#toast", "Cash out 80,00 € recorded.");
            assertThat(api.get("/api/v1/reports/x").json().get("openShifts").get(0).get("expected").asLong())
                    .isEqualTo(expectedCash + 10_000 - 8_000);
            till.key(Keys.F1);
            new org.openqa.selenium.support.ui.Select(b.visible("#cash-kind")).selectByValue("NO_SALE");
            b.type("#cash-reason", "change for a customer");
            b.visible("#cash-reason").sendKeys(Keys.ENTER);
            till.approve("maria", "9999");
            b.awaitText("#toast", "Drawer opened (no sale), recorded.");
            b.assertNoConsoleErrors();
        }
        assertThat(Agent.verifier().verify(dir.resolve("state")).findings()).isEmpty();
    }

    /**
     * A serialized item (the demo's grinder) at the screen: each unit asks for its serial number, a number
     * in the basket twice is refused there, the sale carries the numbers, and one already sold is refused by
     * the box with its reason shown and nothing booked.
     */
    @Test
    void aSerializedItemSellsByTheSerialNumberOfEachUnit() throws Exception {
        try (Agent agent = startBox();
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http api = Http.paired(agent).login("maria", "9999");
            Http.Response received = api.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"PURCHASE\",\"sku\":\"GRIND-EL\","
                    + "\"qty\":2,\"serials\":[\"GR-1001\",\"GR-1002\"]}", null);
            assertThat(received.status()).as(received.body()).isEqualTo(201);
            PosTill till = new PosTill(b).pair(agent, "Till 3").login("anna", "1111").openShift("50");

            till.enter("GRIND-EL");
            b.type("#serial-input", "GR-1001");
            b.visible("#serial-input").sendKeys(Keys.ENTER);
            b.awaitText("#basket-lines", "S/N GR-1001");
            till.key("+");
            b.type("#serial-input", "GR-1001");
            b.visible("#serial-input").sendKeys(Keys.ENTER);
            b.awaitText("#serial-error", "in the basket already");
            b.type("#serial-input", "GR-1002");
            b.visible("#serial-input").sendKeys(Keys.ENTER);
            b.awaitText("#basket-lines", "S/N GR-1001, GR-1002");
            till.awaitTotal(2 * 4999);
            b.screenshot(SHOTS.resolve("pos-serials.png"));
            till.payCashExact();
            List<JsonNode> sales = sales(agent, api);
            assertThat(sales).hasSize(1);
            assertThat(sales.getFirst().get("lines").get(0).get("serials").toString())
                    .isEqualTo("[\"GR-1001\",\"GR-1002\"]");

            till.enter("GRIND-EL");
            b.type("#serial-input", "GR-1002");
            b.visible("#serial-input").sendKeys(Keys.ENTER);
            b.awaitText("#basket-lines", "S/N GR-1002");
            till.key(Keys.F2);
            b.visible("#tendered").sendKeys(Keys.ENTER);
            b.awaitText("body", "is sold");
            assertThat(sales(agent, api)).as("nothing booked").hasSize(1);
            assertThat(api.get("/api/v1/stock/GRIND-EL").json().get("onHand").asLong()).isZero();
        }
        assertThat(Agent.verifier().verify(dir.resolve("state")).findings()).isEmpty();
    }

    /**
     * Exchanges at the screen: a kilo of coffee back for a 250 g pack (the rest given back in cash, the return
     * above the refund limit approved by the manager), then that pack back for a kilo again (the difference
     * paid in cash). Each is one return and one sale at the box.
     */
    @Test
    void anExchangeTakesGoodsBackForNewOnes() throws Exception {
        try (Agent agent = startBox();
             Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
            Http api = Http.paired(agent).login("maria", "9999");
            PosTill till = new PosTill(b).pair(agent, "Till 4").login("anna", "1111").openShift("100");
            long kilo = quote(api, "[{\"sku\":\"COF-1000\",\"qty\":1}]");
            long pack = quote(api, "[{\"sku\":\"COF-250\",\"qty\":1}]");
            long kilos = api.get("/api/v1/stock/COF-1000").json().get("onHand").asLong();
            till.enter("COF-1000").awaitTotal(kilo).payCashExact();
            String first = sales(agent, api).getFirst().get("id").asText();

            exchangeAtTheScreen(b, till, first, "too much coffee");
            b.awaitText("#exchange-text", "goods back worth " + PosTill.money(kilo));
            till.enter("COF-250");
            b.awaitText("#exchange-text", "to give back " + PosTill.money(kilo - pack));
            b.screenshot(SHOTS.resolve("pos-exchange.png"));
            till.key(Keys.F2);
            b.awaitText("#give-back", "Give back " + PosTill.money(kilo - pack));
            assertThat(b.visible("#give-back-method").getDomProperty("value")).isEqualTo("CASH");
            b.visible("#dialog button[type=submit]").sendKeys(Keys.ENTER);
            till.approve("maria", "9999");
            b.awaitText("#change", "Give back " + PosTill.money(kilo - pack) + " (cash)");
            till.nextCustomer();
            List<JsonNode> sales = sales(agent, api);
            assertThat(sales).hasSize(2);
            assertThat(sales.get(1).get("payments").toString()).contains("\"EXCHANGE\"");
            JsonNode back = api.get("/api/v1/sales/" + first + "/refunds").json().get("refunds").get(0);
            assertThat(back.get("method").asText()).isEqualTo("EXCHANGE");
            assertThat(b.driver.findElement(org.openqa.selenium.By.id("exchange-line")).isDisplayed()).as("the exchange is over").isFalse();

            exchangeAtTheScreen(b, till, sales.get(1).get("id").asText(), "wants the kilo after all");
            till.enter("COF-1000");
            b.awaitText("#exchange-text", "to pay " + PosTill.money(kilo - pack));
            till.key(Keys.F2);
            b.awaitText("#dialog h2", "Cash — total " + PosTill.money(kilo - pack));
            b.visible("#tendered").sendKeys(Keys.ENTER);
            b.awaitText("#change", "No change due");
            till.nextCustomer();
            sales = sales(agent, api);
            assertThat(sales).hasSize(3);
            assertThat(sales.get(2).get("total").asLong()).isEqualTo(kilo);
            assertThat(api.get("/api/v1/stock/COF-1000").json().get("onHand").asLong())
                    .as("one kilo out, back, out again").isEqualTo(kilos - 1);
            JsonNode tb = api.get("/api/v1/reports/trial-balance").json();
            for (JsonNode a : tb.get("accounts")) {
                if (a.get("account").asText().equals("1290-EXCHANGE-CLEARING")) {
                    assertThat(a.get("balance").asLong()).isZero();
                }
            }
            b.assertNoConsoleErrors();
        }
        assertThat(Agent.verifier().verify(dir.resolve("state")).findings()).isEmpty();
    }

    /** Opens a sale from F8, takes its first line back with a reason and starts the exchange. */
    private static void exchangeAtTheScreen(Browser b, PosTill till, String saleId, String reason) {
        till.key(Keys.F8);
        b.type("#sale-lookup", saleId);
        b.visible("#sale-lookup").sendKeys(Keys.ENTER);
        b.type("#refund-qty-1", "1");
        b.type("#refund-reason", reason);
        b.click("#do-exchange");
        b.awaitText("#exchange-text", "Exchange for sale");
    }

    /** A licensed box with the demo catalog, staff and till rules and a simulator for every device. */
    private Agent startBox() {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        return Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till"))), Clock.systemUTC());
    }

    private static long quote(Http api, String lines) throws Exception {
        return api.post("/api/v1/sales/quote", "{\"lines\":" + lines + "}", null).json().get("total").asLong();
    }

    /** The sales the box recorded, oldest first. */
    private static List<JsonNode> sales(Agent agent, Http api) throws Exception {
        List<String> ids = agent.journal().read(c -> {
            List<String> out = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT id FROM sales ORDER BY seq")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        });
        List<JsonNode> out = new ArrayList<>();
        for (String id : ids) {
            out.add(api.get("/api/v1/sales/" + id).json());
        }
        return out;
    }

    /** Opens a stock movement's JSON with a fresh id, as a screen makes one per movement. */
    private static String movementId() {
        return "{\"id\":\"" + java.util.UUID.randomUUID() + "\",";
    }
}

package com.wkpos.edge.agent.till;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole day at the counter through the real agent over HTTP, with the simulated card terminal and
 * drawer: shifts, a few hundred mixed sales (split, foreign cash, gift card, card declines), refunds
 * (by line, to store credit, to the card), a void, a cancelled parked sale, cash movements, approvals,
 * closing and the Z report. The Z, the ledger and the drawers agree to the cent
 * and {@code journal verify} passes; every refused request writes nothing.
 */
class TillDayIT {
    private static final List<String> SKUS = List.of("COF-250", "COF-500", "COF-1000");

    @TempDir
    Path dir;
    private Http http;
    private Agent agent;

    @Test
    void aFullDayAddsUpToTheCent() throws Exception {
        Path till = dir.resolve("till.json");
        Files.writeString(till, """
                {"varianceAlert": 100, "exchangeRates": {"CHF": "1.05"},
                 "approvals": {"cashOutAbove": 5000, "noSale": true, "discountAbovePercent": 10, "priceOverride": true}}""");
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till", "--till", till.toString(),
                "--cash-rounding", "5"))), Clock.systemUTC());
        try {
            http = Http.paired(agent);
            runDay();
        } finally {
            agent.close();
        }
        JournalVerifier.Report report = Agent.verifier().verify(dir.resolve("state"));
        assertThat(report.findings()).isEmpty();
    }

    private void runDay() throws Exception {
        String anna = login("anna", "1111");
        String ben = login("ben", "2222");
        String maria = login("maria", "9999");
        assertThat(send("POST", "/api/v1/staff/login", "{\"staffId\":\"anna\",\"pin\":\"0000\"}", null, null).statusCode())
                .isEqualTo(401);
        refusedWritesNothing("sale with no open shift", "POST", "/api/v1/sales", sale("COF-250", 1, "CASH", 2000), anna,
                409, "no-open-shift");
        refusedWritesNothing("negative float", "POST", "/api/v1/shifts", "{\"openingFloat\":-1}", anna, 400, "invalid-request");
        String annaShift = ok("POST", "/api/v1/shifts", "{\"openingFloat\":20000}", anna, 201).get("id").asText();
        String benShift = ok("POST", "/api/v1/shifts", "{\"openingFloat\":15000}", ben, 201).get("id").asText();
        ok("POST", "/api/v1/gift-cards", "{\"code\":\"GIFT-0001\",\"amount\":50000}", anna, 201);
        String customer = ok("POST", "/api/v1/customers", "{\"name\":\"Erika Muster\"}", anna, 201).get("id").asText();

        refusedWritesNothing("unconfigured currency", "POST", "/api/v1/sales",
                saleWith("COF-250", 1, "{\"method\":\"CASH\",\"amount\":2000,\"currency\":\"JPY\"}", null), anna, 422,
                "unknown-currency");
        refusedWritesNothing("gift card without enough balance", "POST", "/api/v1/sales",
                saleWith("COF-250", 1, "{\"method\":\"GIFT_CARD\",\"amount\":1,\"reference\":\"NOPE-0000\"},"
                        + "{\"method\":\"CASH\",\"amount\":5000}", null), anna, 422, "gift-card-balance");
        refusedWritesNothing("split that does not add up", "POST", "/api/v1/sales",
                saleWith("COF-250", 1, "{\"method\":\"MOBILE\",\"amount\":1}", null), anna, 422, "split-mismatch");

        ZvtSimulator terminal = agent.drivers().terminalSimulator().orElseThrow();
        long turnover = 0;
        long localCash = 0;
        long card = 0;
        long declines = 0;
        List<JsonNode> cashSales = new ArrayList<>();
        List<JsonNode> cardSales = new ArrayList<>();
        List<JsonNode> mobileSales = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String who = i % 2 == 0 ? anna : ben;
            String sku = SKUS.get(i % SKUS.size());
            long qty = 1 + i % 3;
            long lines = linesTotal(sku, qty);
            String payments;
            switch (i % 8) {
                case 0 -> payments = "{\"method\":\"CARD\",\"amount\":" + lines + "}";
                case 1 -> {
                    terminal.script(ZvtSimulator.Outcome.decline(0x05));
                    HttpResponse<String> declined = send("POST", "/api/v1/sales",
                            saleWith(sku, qty, "{\"method\":\"CARD\",\"amount\":" + lines + "}", null), who,
                            UUID.randomUUID().toString());
                    assertThat(declined.statusCode()).as(declined.body()).isEqualTo(402);
                    declines++;
                    payments = "{\"method\":\"CASH\",\"amount\":" + (lines + 1000) + "}";
                }
                case 2 -> payments = "{\"method\":\"CARD\",\"amount\":" + (lines / 2) + "},{\"method\":\"CASH\",\"amount\":"
                        + lines + "}";
                case 3 -> payments = "{\"method\":\"CASH\",\"amount\":" + (lines + 500) + ",\"currency\":\"CHF\"}";
                case 4 -> payments = "{\"method\":\"GIFT_CARD\",\"amount\":" + Math.min(lines, 300)
                        + ",\"reference\":\"GIFT-0001\"},{\"method\":\"CASH\",\"amount\":" + lines + "}";
                case 5 -> payments = "{\"method\":\"MOBILE\",\"amount\":" + lines + "}";
                default -> payments = "{\"method\":\"CASH\",\"amount\":" + (lines + i) + "}";
            }
            JsonNode s = ok("POST", "/api/v1/sales", saleWith(sku, qty, payments, i % 5 == 0 ? customer : null), who, 201);
            turnover += s.get("total").asLong();
            for (JsonNode p : s.get("payments")) {
                if (p.get("method").asText().equals("CASH") && p.get("currency").isNull()) {
                    localCash += p.get("amount").asLong();
                } else if (p.get("method").asText().equals("CARD")) {
                    card += p.get("amount").asLong();
                }
            }
            localCash -= s.get("change").asLong();
            if (i % 8 == 0) {
                assertThat(s.get("cardSlip").isArray()).as("card slip on the sale").isTrue();
                cardSales.add(s);
            } else if (i % 8 == 5) {
                mobileSales.add(s);
            } else if (i % 8 >= 6 && s.get("lines").get(0).get("qty").asLong() >= 2 && s.get("customerId").isNull()) {
                cashSales.add(s);
            }
        }
        for (JsonNode s : priceChanges(anna, ben, maria)) {
            turnover += s.get("total").asLong();
            localCash += s.get("paid").asLong() - s.get("change").asLong();
        }
        long[] moved = refundsAndVoids(anna, customer, cashSales, cardSales, mobileSales);
        turnover -= moved[0];
        localCash -= moved[1];
        card -= moved[2];
        assertThat(declines).isEqualTo(30);

        refusedWritesNothing("cash out over the threshold without approval", "POST", "/api/v1/cash-moves",
                "{\"direction\":\"OUT\",\"amount\":8000,\"reason\":\"bank\"}", anna, 403, "approval-required");
        ok("POST", "/api/v1/cash-moves", "{\"direction\":\"OUT\",\"amount\":8000,\"reason\":\"bank\","
                + "\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", anna, 201);
        String coins = "{\"direction\":\"IN\",\"amount\":2500,\"reason\":\"coins\"}";
        String key = UUID.randomUUID().toString();
        assertThat(send("POST", "/api/v1/cash-moves", coins, ben, key).statusCode()).isEqualTo(201);
        long afterCoins = tillEntries();
        HttpResponse<String> again = send("POST", "/api/v1/cash-moves", coins, ben, key);
        assertThat(again.statusCode()).as("the answer was lost, the screen sends it again: " + again.body()).isEqualTo(201);
        assertThat(tillEntries()).as("the same key moves the cash once").isEqualTo(afterCoins);
        HttpResponse<String> other = send("POST", "/api/v1/cash-moves", coins.replace("2500", "2600"), ben, key);
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(other.body()).contains("idempotency-key-reused");
        assertThat(tillEntries()).isEqualTo(afterCoins);
        String requested = ok("POST", "/api/v1/approvals", "{\"action\":\"NO_SALE\",\"amount\":0,\"reason\":\"change\"}",
                maria, 201).get("id").asText();
        refusedWritesNothing("manager approving own request", "POST", "/api/v1/approvals/" + requested + "/approve", "",
                maria, 403, "own-approval");
        refusedWritesNothing("cashier approving", "POST", "/api/v1/approvals/" + requested + "/approve", "", ben, 403,
                "not-a-manager");

        JsonNode annaNow = ok("GET", "/api/v1/shifts/" + annaShift, null, anna, 200);
        long annaExpected = annaNow.get("expected").asLong();
        JsonNode closed = ok("POST", "/api/v1/shifts/" + annaShift + "/close", "{\"counted\":" + annaExpected + "}", anna, 200);
        assertThat(closed.get("variance").asLong()).isZero();
        refusedWritesNothing("closing a closed shift", "POST", "/api/v1/shifts/" + annaShift + "/close",
                "{\"counted\":1}", anna, 409, "shift-closed");
        long benExpected = ok("GET", "/api/v1/shifts/" + benShift, null, ben, 200).get("expected").asLong();

        JsonNode x = ok("POST", "/api/v1/reports/x/print", null, maria, 202);
        String printedX = new TillClient(agent).awaitPrinted("X-BERICHT / X REPORT");
        assertPrinted(printedX, "Umsatz / Turnover", x.get("totals").get("turnover").asLong());
        assertThat(printedX).contains("kein Abschluss / not a closing");

        JsonNode z = ok("POST", "/api/v1/reports/z", null, maria, 201);
        assertPrintedZ(z, new TillClient(agent).awaitPrinted("Z-BERICHT / Z REPORT 1"));
        refusedWritesNothing("second Z of the day", "POST", "/api/v1/reports/z", null, maria, 409, "z-already-done");
        assertThat(z.get("zNo").asLong()).isEqualTo(1);
        assertThat(z.get("turnover").asLong()).as("a gift card sold is owed, not turnover").isEqualTo(turnover);
        assertThat(z.get("grandTotal").asLong()).isEqualTo(turnover);
        JsonNode byMethod = z.get("totals").get("byMethod");
        assertThat(byMethod.get("CASH").asLong()).isEqualTo(localCash);
        assertThat(byMethod.get("CARD").asLong()).isEqualTo(card);
        assertThat(z.get("totals").get("refundsCount").asLong()).isEqualTo(3);
        assertThat(z.get("totals").get("voidsCount").asLong()).isEqualTo(1);
        assertThat(ok("GET", "/api/v1/shifts/" + benShift, null, ben, 200).get("status").asText()).isEqualTo("CLOSED");

        JsonNode tb = ok("GET", "/api/v1/reports/trial-balance", null, null, 200);
        assertThat(tb.get("balanced").asBoolean()).isTrue();
        assertThat(balance(tb, "1000-CASH")).as("every drawer emptied into the safe").isZero();
        assertThat(balance(tb, "1090-SAFE")).as("safe = drawers' cash less floats")
                .isEqualTo(annaExpected + benExpected + 8000 - 2500 - 20000 - 15000);
        assertThat(annaExpected + benExpected).as("drawers = floats + cash sales + gift card sold + moves")
                .isEqualTo(20000 + 15000 + localCash + 50000 - 8000 + 2500);
        assertThat(balance(tb, "1200-CARD-CLEARING")).isEqualTo(card);
        long giftBalance = ok("GET", "/api/v1/gift-cards/GIFT-0001", null, null, 200).get("balance").asLong();
        assertThat(-balance(tb, "2300-GIFT-CARDS")).isEqualTo(giftBalance);
        refusedWritesNothing("sale after every shift closed", "POST", "/api/v1/sales", sale("COF-250", 1, "CASH", 2000),
                anna, 409, "no-open-shift");
    }

    /**
     * A 20 % discount (above the 10 % a cashier may give) refused without a manager, then granted with the
     * manager's PIN; a price override approved remotely by the manager; both paid in cash.
     */
    private List<JsonNode> priceChanges(String anna, String ben, String maria) throws Exception {
        String discounted = "{\"lines\":[{\"sku\":\"COF-1000\",\"qty\":2,\"discount\":{\"percent\":20},"
                + "\"reason\":\"damaged box\"}],\"payments\":[{\"method\":\"CASH\",\"amount\":10000}]";
        JsonNode refused = refusedWritesNothing("discount above 10 % without a manager", "POST", "/api/v1/sales",
                discounted + "}", anna, 403, "approval-required");
        JsonNode withPin = ok("POST", "/api/v1/sales", discounted + ",\"approval\":{\"managerId\":\"maria\","
                + "\"managerPin\":\"9999\"}}", anna, 201);
        JsonNode line = withPin.get("lines").get(0);
        long listed = line.get("unitPrice").asLong() * 2;
        assertThat(line.get("manualDiscount").asLong()).isEqualTo((listed * 20 + 50) / 100);
        assertThat(withPin.get("total").asLong() - withPin.get("rounding").asLong())
                .isEqualTo(listed - line.get("manualDiscount").asLong());
        assertThat(line.get("priceReason").asText()).isEqualTo("damaged box");
        assertThat(refused.get("approvalsNeeded").toString()).as("what the manager must approve, for a screen to word")
                .isEqualTo("[{\"action\":\"DISCOUNT\",\"amount\":" + line.get("manualDiscount").asLong() + "}]");

        String overridden = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1,\"unitPrice\":500,"
                + "\"reason\":\"price match\"}],\"payments\":[{\"method\":\"CASH\",\"amount\":500}]";
        refusedWritesNothing("price override without a manager", "POST", "/api/v1/sales", overridden + "}", ben, 403,
                "approval-required");
        long reduction = linesTotal("COF-250", 1) - 500;
        String approval = ok("POST", "/api/v1/approvals", "{\"action\":\"PRICE_OVERRIDE\",\"amount\":" + reduction
                + ",\"reason\":\"price match\"}", ben, 201).get("id").asText();
        ok("POST", "/api/v1/approvals/" + approval + "/approve", "", maria, 200);
        JsonNode remote = ok("POST", "/api/v1/sales", overridden + ",\"approval\":{\"approvalIds\":[\"" + approval
                + "\"]}}", ben, 201);
        assertThat(remote.get("total").asLong()).isEqualTo(500);
        assertThat(remote.get("lines").get(0).get("listPrice").asLong()).isEqualTo(reduction + 500);
        assertThat(ok("GET", "/api/v1/approvals/" + approval, null, ben, 200).get("status").asText()).isEqualTo("USED");
        return List.of(withPin, remote);
    }

    /**
     * A line refunded in cash, a mobile sale refunded to store credit, a card sale refunded to the card, a
     * cash sale voided and a declined card sale parked and cancelled.
     *
     * @return what left turnover, the drawers' local cash and the card clearing account
     */
    private long[] refundsAndVoids(String anna, String customer, List<JsonNode> cashSales, List<JsonNode> cardSales,
                                   List<JsonNode> mobileSales) throws Exception {
        JsonNode byLine = ok("POST", "/api/v1/sales/" + cashSales.get(0).get("id").asText() + "/refunds",
                "{\"lines\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"broken bag\"}", anna, 201);
        JsonNode toCredit = ok("POST", "/api/v1/sales/" + mobileSales.get(0).get("id").asText() + "/refunds",
                "{\"method\":\"STORE_CREDIT\",\"customerId\":\"" + customer + "\",\"reason\":\"gift\"}", anna, 201);
        JsonNode toCard = ok("POST", "/api/v1/sales/" + cardSales.get(0).get("id").asText() + "/refunds",
                "{\"reason\":\"faulty\"}", anna, 201);
        JsonNode voidedSale = cashSales.get(1);
        ok("POST", "/api/v1/sales/" + voidedSale.get("id").asText() + "/void", "{\"reason\":\"rung up twice\"}", anna, 201);
        refusedWritesNothing("refund of a voided sale", "POST", "/api/v1/sales/" + voidedSale.get("id").asText()
                + "/refunds", "{\"reason\":\"again\"}", anna, 409, "sale-voided");
        agent.drivers().terminalSimulator().orElseThrow().script(ZvtSimulator.Outcome.decline(0x05));
        String key = UUID.randomUUID().toString();
        assertThat(send("POST", "/api/v1/sales", saleWith("COF-250", 1, "{\"method\":\"CARD\",\"amount\":"
                + linesTotal("COF-250", 1) + "}", null), anna, key).statusCode()).isEqualTo(402);
        String parked = ok("GET", "/api/v1/parked-sales", null, anna, 200).get("parkedSales").get(0).get("id").asText();
        ok("POST", "/api/v1/sales/" + parked + "/cancel", "{\"reason\":\"customer left\"}", anna, 200);
        assertThat(ok("GET", "/api/v1/customers/" + customer, null, anna, 200).get("storeCredit").asLong())
                .isEqualTo(toCredit.get("amount").asLong());
        long voided = voidedSale.get("total").asLong();
        long voidedCash = voidedSale.get("paid").asLong() - voidedSale.get("change").asLong();
        return new long[] {byLine.get("amount").asLong() + toCredit.get("amount").asLong()
                + toCard.get("amount").asLong() + voided, byLine.get("amount").asLong() + voidedCash,
                toCard.get("amount").asLong()};
    }

    /** The Z on paper shows every total of the Z the API answered, to the cent. */
    private void assertPrintedZ(JsonNode z, String printed) {
        JsonNode t = z.get("totals");
        assertPrinted(printed, "Verkäufe / Sales (" + t.get("salesCount").asLong() + ")", t.get("salesTotal").asLong());
        assertPrinted(printed, "davon MwSt / of which tax", t.get("salesTax").asLong());
        assertPrinted(printed, "Erstattungen / Refunds (" + t.get("refundsCount").asLong() + ")",
                -t.get("refundsTotal").asLong());
        assertPrinted(printed, "Stornos / Voids (" + t.get("voidsCount").asLong() + ")", -t.get("voidsTotal").asLong());
        assertPrinted(printed, "Umsatz / Turnover", z.get("turnover").asLong());
        assertPrinted(printed, "Gesamtsumme / Grand total", z.get("grandTotal").asLong());
        Map<String, String> names = Map.of("CASH", "Bar / Cash", "CARD", "Karte / Card", "GIFT_CARD",
                "Gutschein / Gift card", "STORE_CREDIT", "Guthaben / Store credit", "MOBILE", "Mobile");
        assertThat(t.get("byMethod").size()).isGreaterThanOrEqualTo(5);
        t.get("byMethod").properties().forEach(m -> {
            String[] parts = m.getKey().split(":");
            assertPrinted(printed, names.get(parts[0]) + (parts.length > 1 ? " " + parts[1] : ""), m.getValue().asLong());
        });
        t.get("byTaxRate").properties().forEach(r -> assertPrinted(printed, "MwSt "
                + BigDecimal.valueOf(r.getValue().get("rateBasisPoints").asLong(), 2).stripTrailingZeros().toPlainString()
                        .replace('.', ',') + " % Brutto / gross", r.getValue().get("gross").asLong()));
        assertThat(printed).as("tax rates by name, not by code").doesNotContainPattern("(?m)^(RED|STD|ZERO) ");
        t.get("byCategory").properties().forEach(c -> assertPrinted(printed,
                agent.catalogs().current().categoryName(c.getKey()), c.getValue().asLong()));
        long expected = printedAmount(printed, "Kassenbestand Soll / Expected cash");
        long counted = printedAmount(printed, "Gezählt / Counted");
        assertThat(printedAmount(printed, "Differenz / Variance")).as("the drawer adds up on paper")
                .isEqualTo(counted - expected);
        assertThat(printed).contains("Geschäftstag / Business day " + z.get("businessDate").asText());
    }

    /** The amount printed after {@code label} on a line of its own, in minor units. */
    private static long printedAmount(String printed, String label) {
        java.util.regex.Matcher m = Pattern.compile("(?m)^" + Pattern.quote(label) + " +(-?)(\\d+),(\\d\\d) €$")
                .matcher(printed);
        assertThat(m.find()).as(label + " printed").isTrue();
        long minor = Long.parseLong(m.group(2)) * 100 + Long.parseLong(m.group(3));
        return m.group(1).isEmpty() ? minor : -minor;
    }

    private static void assertPrinted(String printed, String label, long amount) {
        assertThat(printed).as(label).containsPattern("(?m)^" + Pattern.quote(label) + " +"
                + Pattern.quote(TillClient.money(amount)) + "$");
    }

    private long balance(JsonNode tb, String account) {
        for (JsonNode a : tb.get("accounts")) {
            if (a.get("account").asText().equals(account)) {
                return a.get("balance").asLong();
            }
        }
        return 0;
    }

    private long linesTotal(String sku, long qty) throws Exception {
        JsonNode q = ok("POST", "/api/v1/sales/quote", "{\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}]}",
                null, 200);
        long sum = 0;
        for (JsonNode l : q.get("lines")) {
            sum += l.get("total").asLong();
        }
        return sum;
    }

    private static String sale(String sku, long qty, String method, long amount) {
        return saleWith(sku, qty, "{\"method\":\"" + method + "\",\"amount\":" + amount + "}", null);
    }

    private static String saleWith(String sku, long qty, String payments, String customer) {
        return "{\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}],\"payments\":[" + payments + "]"
                + (customer == null ? "" : ",\"customerId\":\"" + customer + "\"") + "}";
    }

    private String login(String id, String pin) throws Exception {
        return ok("POST", "/api/v1/staff/login", "{\"staffId\":\"" + id + "\",\"pin\":\"" + pin + "\"}", null, 201)
                .get("token").asText();
    }

    /** @return the problem the box answered */
    private JsonNode refusedWritesNothing(String what, String method, String path, String body, String staff, int status,
                                          String type) throws Exception {
        long before = tillEntries();
        HttpResponse<String> r = send(method, path, body, staff, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(status);
        assertThat(Http.JSON.readTree(r.body()).get("type").asText()).as(what).isEqualTo("urn:wk-edge:problem:" + type);
        assertThat(tillEntries()).as(what + " writes nothing").isEqualTo(before);
        return Http.JSON.readTree(r.body());
    }

    /** Journal entries other than the print worker's, which prints receipts in the background. */
    private long tillEntries() {
        return agent.journal().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM journal WHERE type NOT LIKE 'print.%'")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    private JsonNode ok(String method, String path, String body, String staff, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body, staff, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(status);
        return Http.JSON.readTree(r.body());
    }

    private HttpResponse<String> send(String method, String path, String body, String staff, String key)
            throws Exception {
        HttpRequest.Builder b = http.request(path)
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (staff != null) {
            b.header("X-WK-Staff", staff);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package com.wkpos.edge.agent.till;

import static com.wkpos.edge.agent.till.TillClient.balance;
import static com.wkpos.edge.agent.till.TillClient.saleWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.fiscal.Fiscal;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refunds and voids through the API with the simulated terminal and drawer: by line and whole, to cash,
 * card and store credit, with stock, loyalty and the ledger following; voids with remote approvals; and
 * every refusal (more than paid, after the Z, another day, no approval) writes nothing.
 */
class RefundsIT {
    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-02T09:00:00Z"));
    private Agent agent;
    private TillClient till;
    private String anna;
    private String maria;

    @BeforeEach
    void start() throws Exception {
        Path rules = dir.resolve("till.json");
        Files.writeString(rules, """
                {"zone": "Europe/Berlin",
                 "approvals": {"refundAbove": 2000, "void": true}}""");
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till", "--till",
                rules.toString()))), clock, clock::nanos);
        till = new TillClient(agent);
        anna = till.login("anna", "1111");
        maria = till.login("maria", "9999");
        till.ok("POST", "/api/v1/shifts", "{\"openingFloat\":20000}", anna, 201);
    }

    @AfterEach
    void stop() {
        agent.close();
        JournalVerifier.Report report = Agent.verifier().verify(dir.resolve("state"));
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void aLineRefundGivesBackItsShareAndRestoresStock() throws Exception {
        long lines = till.linesTotal("COF-250", 3);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 3, cash(lines), null), anna, 201);
        long stockBefore = onHand("COF-250");
        JsonNode refund = till.ok("POST", "/api/v1/sales/" + sale.get("id").asText() + "/refunds",
                "{\"lines\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"broken bag\"}", anna, 201);
        long share = sale.get("lines").get(0).get("total").asLong() / 3;
        assertThat(refund.get("amount").asLong()).isEqualTo(share);
        assertThat(refund.get("method").asText()).isEqualTo("CASH");
        assertThat(onHand("COF-250")).isEqualTo(stockBefore + 1);
        JsonNode x = till.ok("GET", "/api/v1/reports/x", null, anna, 200).get("totals");
        assertThat(x.get("refundsTotal").asLong()).isEqualTo(share);
        assertThat(x.get("turnover").asLong()).isEqualTo(sale.get("total").asLong() - share);
        assertThat(x.get("byMethod").get("CASH").asLong()).isEqualTo(sale.get("total").asLong() - share);
        String receipt = till.awaitPrinted("Beleg-Nr. " + sale.get("invoiceNo").asLong() + " ");
        assertThat(receipt).as("the till is named by its fiscal client id on one line, the cashier by name")
                .containsPattern("\\nKasse +" + Fiscal.clientId(agent.journal().deviceId()) + "\\n")
                .containsPattern("\\nEs bediente Sie: \\S.*\\n");
        String slip = till.awaitPrinted("ERSTATTUNG / REFUND");
        assertThat(slip).as("the refund slip names the sale, the line, the reason and the cash given back")
                .contains("Zu Beleg-Nr. / For receipt " + sale.get("invoiceNo").asLong() + "\n",
                        "1 x " + sale.get("lines").get(0).get("name").asText(), "broken bag")
                .containsPattern("Bar / Cash +" + TillClient.money(-share));
        assertThat(agent.printQueue().forDocument(PrintJob.Document.REFUND, refund.get("id").asText()))
                .extracting(PrintJob::kind).containsExactly(PrintJob.Kind.ORIGINAL);
    }

    @Test
    void refundAboveTheAmountPaidIsRejected() throws Exception {
        long lines = till.linesTotal("COF-250", 2);
        String sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 2, cash(lines), null), anna, 201)
                .get("id").asText();
        till.refusedWritesNothing("more units than sold", "POST", "/api/v1/sales/" + sale + "/refunds",
                "{\"lines\":[{\"lineNo\":1,\"qty\":3}],\"reason\":\"x\"}", anna, 422, "refund-above-paid");
        till.ok("POST", "/api/v1/sales/" + sale + "/refunds", "{\"lines\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"}",
                anna, 201);
        till.refusedWritesNothing("more than is left after a first refund", "POST", "/api/v1/sales/" + sale + "/refunds",
                "{\"lines\":[{\"lineNo\":1,\"qty\":2}],\"reason\":\"x\"}", anna, 422, "refund-above-paid");
        till.ok("POST", "/api/v1/sales/" + sale + "/refunds", "{\"reason\":\"the rest\"}", anna, 201);
        till.refusedWritesNothing("a sale refunded in full", "POST", "/api/v1/sales/" + sale + "/refunds",
                "{\"reason\":\"again\"}", anna, 422, "refund-above-paid");
        JsonNode all = till.ok("GET", "/api/v1/sales/" + sale + "/refunds", null, anna, 200).get("refunds");
        assertThat(all.get(0).get("amount").asLong() + all.get(1).get("amount").asLong()).isEqualTo(lines);
    }

    @Test
    void aRefundToStoreCreditTakesBackLoyaltyPointsAndNeedsAManagerAboveTheThreshold() throws Exception {
        String customer = till.ok("POST", "/api/v1/customers", "{\"name\":\"Erika Muster\"}", anna, 201).get("id").asText();
        long lines = till.linesTotal("COF-1000", 2);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-1000", 2, "{\"method\":\"MOBILE\",\"amount\":"
                + lines + "}", customer), anna, 201);
        assertThat(lines).as("the threshold is crossed").isGreaterThan(2000);
        String path = "/api/v1/sales/" + sale.get("id").asText() + "/refunds";
        till.refusedWritesNothing("refund above the threshold without a manager", "POST", path,
                "{\"method\":\"STORE_CREDIT\",\"reason\":\"changed mind\"}", anna, 403, "approval-required");
        JsonNode refund = till.ok("POST", path, "{\"method\":\"STORE_CREDIT\",\"reason\":\"changed mind\","
                + "\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", anna, 201);
        JsonNode c = till.ok("GET", "/api/v1/customers/" + customer, null, anna, 200);
        assertThat(c.get("storeCredit").asLong()).isEqualTo(lines);
        assertThat(c.get("points").asLong()).as("the sale's points are taken back").isZero();
        assertThat(c.get("totalSpent").asLong()).isZero();
        assertThat(refund.get("points").asLong()).isEqualTo(sale.get("pointsEarned").asLong());
        JsonNode tb = till.ok("GET", "/api/v1/reports/trial-balance", null, null, 200);
        assertThat(-balance(tb, "2310-STORE-CREDIT")).isEqualTo(lines);
        assertThat(balance(tb, "1210-MOBILE-CLEARING")).as("the mobile payment stays taken").isEqualTo(lines);
    }

    @Test
    void aCardRefundGoesThroughTheTerminal() throws Exception {
        long lines = till.linesTotal("COF-500", 1);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-500", 1, "{\"method\":\"CARD\",\"amount\":"
                + lines + "}", null), anna, 201);
        ZvtSimulator terminal = agent.drivers().terminalSimulator().orElseThrow();
        String path = "/api/v1/sales/" + sale.get("id").asText() + "/refunds";
        terminal.script(ZvtSimulator.Outcome.decline(0x05));
        till.refusedWritesNothing("a card refund the terminal refused", "POST", path, "{\"reason\":\"faulty\"}", anna,
                402, "card-refund-failed");
        JsonNode refund = till.ok("POST", path, "{\"reason\":\"faulty\"}", anna, 201);
        assertThat(refund.get("method").asText()).isEqualTo("CARD");
        assertThat(refund.get("cardSlip").isEmpty()).as("the terminal's refund slip").isFalse();
        assertThat(terminal.commands()).contains("06 31");
        JsonNode tb = till.ok("GET", "/api/v1/reports/trial-balance", null, null, 200);
        assertThat(balance(tb, "1200-CARD-CLEARING")).isZero();
    }

    @Test
    void aVoidReversesEverythingWithARemoteApproval() throws Exception {
        String ben = till.login("ben", "2222");
        till.ok("POST", "/api/v1/gift-cards", "{\"code\":\"GIFT-0001\",\"amount\":1000}", anna, 201);
        long lines = till.linesTotal("COF-500", 2);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-500", 2, "{\"method\":\"GIFT_CARD\",\"amount\":300,"
                + "\"reference\":\"GIFT-0001\"},{\"method\":\"CARD\",\"amount\":" + (lines - 300) + "}", null), anna, 201);
        String path = "/api/v1/sales/" + sale.get("id").asText() + "/void";
        long stock = onHand("COF-500");
        till.refusedWritesNothing("void without approval", "POST", path, "{\"reason\":\"wrong items\"}", anna, 403,
                "approval-required");
        String rejected = till.ok("POST", "/api/v1/approvals", "{\"action\":\"VOID\",\"amount\":" + lines
                + ",\"reason\":\"wrong items\"}", anna, 201).get("id").asText();
        till.ok("POST", "/api/v1/approvals/" + rejected + "/reject", "{\"reason\":\"ring it up again\"}", maria, 200);
        till.refusedWritesNothing("void with a rejected approval", "POST", path, "{\"reason\":\"wrong items\","
                + "\"approval\":{\"approvalId\":\"" + rejected + "\"}}", anna, 403, "approval-not-valid");
        String approved = till.ok("POST", "/api/v1/approvals", "{\"action\":\"VOID\",\"amount\":" + lines
                + ",\"reason\":\"wrong items\"}", anna, 201).get("id").asText();
        till.refusedWritesNothing("someone else using anna's approval", "POST", path, "{\"reason\":\"wrong items\","
                + "\"approval\":{\"approvalId\":\"" + approved + "\"}}", ben, 403, "approval-not-valid");
        till.ok("POST", "/api/v1/approvals/" + approved + "/approve", "", maria, 200);
        JsonNode v = till.ok("POST", path, "{\"reason\":\"wrong items\",\"approval\":{\"approvalId\":\"" + approved
                + "\"}}", anna, 201);
        assertThat(v.get("kind").asText()).isEqualTo("VOID");
        assertThat(till.ok("GET", "/api/v1/approvals/" + approved, null, anna, 200).get("status").asText())
                .isEqualTo("USED");
        assertThat(agent.drivers().terminalSimulator().orElseThrow().commands()).contains("06 30");
        assertThat(till.ok("GET", "/api/v1/gift-cards/GIFT-0001", null, null, 200).get("balance").asLong()).isEqualTo(1000);
        assertThat(onHand("COF-500")).isEqualTo(stock + 2);
        JsonNode x = till.ok("GET", "/api/v1/reports/x", null, anna, 200).get("totals");
        assertThat(x.get("turnover").asLong()).isZero();
        assertThat(x.get("byMethod").has("CARD")).isFalse();
        String slip = till.awaitPrinted("STORNO / VOID");
        assertThat(slip).contains("Zu Beleg-Nr. / For receipt " + sale.get("invoiceNo").asLong() + "\n", "wrong items")
                .containsPattern("Gutschein / Gift card +-3,00 €")
                .containsPattern("Karte / Card +" + TillClient.money(-(lines - 300)))
                .as("the terminal's reversal slip").contains(v.get("cardSlip").get(0).asText().strip());
        till.refusedWritesNothing("a second void", "POST", path, "{\"reason\":\"again\",\"approval\":{\"managerId\":"
                + "\"maria\",\"managerPin\":\"9999\"}}", anna, 409, "sale-voided");
    }

    @Test
    void voidAfterZIsRejected() throws Exception {
        long lines = till.linesTotal("COF-250", 1);
        String sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 1, cash(lines), null), anna, 201)
                .get("id").asText();
        JsonNode z = till.ok("POST", "/api/v1/reports/z", null, maria, 201);
        String printed = till.awaitPrinted("Z-BERICHT / Z REPORT 1");
        assertThat(printed).containsPattern("Umsatz / Turnover +" + TillClient.money(lines))
                .containsPattern("Bar / Cash +" + TillClient.money(lines)).contains("Maria Filialleiterin")
                .as("anna's shift, still open, is closed by the Z with its cash counted as expected")
                .containsPattern("Kassenbestand Soll / Expected cash +" + TillClient.money(20_000 + lines))
                .containsPattern("Gezählt / Counted +" + TillClient.money(20_000 + lines))
                .containsPattern("Differenz / Variance +" + TillClient.money(0));
        assertThat(agent.printQueue().forDocument(PrintJob.Document.Z, "1")).singleElement()
                .satisfies(j -> assertThat(j.id()).isEqualTo(z.get("printJobId").asText()));
        till.ok("POST", "/api/v1/reports/z/1/print", null, anna, 202);
        assertThat(till.awaitPrinted("KOPIE / COPY")).as("the reprint of the Z says copy").contains("Z REPORT 1")
                .containsPattern("Umsatz / Turnover +" + TillClient.money(lines));
        assertThat(agent.printQueue().forDocument(PrintJob.Document.Z, "1")).hasSize(2);
        till.refusedWritesNothing("a copy of a Z that does not exist", "POST", "/api/v1/reports/z/2/print", null, anna,
                404, "not-found");
        till.refusedWritesNothing("void after the Z", "POST", "/api/v1/sales/" + sale + "/void",
                "{\"reason\":\"late\",\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", anna, 409,
                "void-after-z");
    }

    @Test
    void voidOnAnotherDayIsRejected() throws Exception {
        long lines = till.linesTotal("COF-250", 1);
        String sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 1, cash(lines), null), anna, 201)
                .get("id").asText();
        clock.advance(Duration.ofDays(1));
        String nextDay = till.login("anna", "1111");
        till.refusedWritesNothing("void the next day", "POST", "/api/v1/sales/" + sale + "/void",
                "{\"reason\":\"late\",\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", nextDay, 409,
                "void-other-day");
    }

    private long onHand(String sku) throws Exception {
        return agent.journal().read(c -> {
            try (var ps = c.prepareStatement("SELECT on_hand FROM stock WHERE sku = ?")) {
                ps.setString(1, sku);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? rs.getLong(1) : 0L;
                }
            }
        });
    }

    private static String cash(long amount) {
        return "{\"method\":\"CASH\",\"amount\":" + amount + "}";
    }
}

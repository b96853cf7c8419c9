package com.wkpos.edge.agent.till;

import static com.wkpos.edge.agent.till.TillClient.balance;
import static com.wkpos.edge.agent.till.TillClient.saleWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.print.PrintJob;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exchanges through the API with the simulated printer, drawer and terminal: goods back and new goods out in
 * one commit, the difference paid in cash or by card or given back, the clearing account back at zero, both
 * documents printed once; sent again under its key it answers what it made; every refusal writes nothing.
 */
class ExchangesIT {
    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(Instant.parse("2026-03-02T09:00:00Z"));
    private Agent agent;
    private TillClient till;
    private String anna;

    @BeforeEach
    void start() throws Exception {
        Path rules = dir.resolve("till.json");
        Files.writeString(rules, """
                {"zone": "Europe/Berlin", "approvals": {"refundAbove": 2000}}""");
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till", "--till",
                rules.toString()))), clock, clock::nanos);
        till = new TillClient(agent);
        anna = till.login("anna", "1111");
        till.ok("POST", "/api/v1/shifts", "{\"openingFloat\":20000}", anna, 201);
    }

    @AfterEach
    void stop() {
        agent.close();
        JournalVerifier.Report report = Agent.verifier().verify(dir.resolve("state"));
        assertThat(report.findings()).isEmpty();
    }

    @Test
    void dearerGoodsTakeTheReturnAsCreditAndTheDifferenceInCash() throws Exception {
        long small = till.linesTotal("COF-250", 1);
        long big = till.linesTotal("COF-1000", 1);
        assertThat(big).isGreaterThan(small);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 1, cash(small), null), anna, 201);
        long out = onHand("COF-1000");
        long in = onHand("COF-250");
        String key = UUID.randomUUID().toString();
        String path = "/api/v1/sales/" + sale.get("id").asText() + "/exchange";
        String body = "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"wrong grind\",\"lines\":[{\"sku\":"
                + "\"COF-1000\",\"qty\":1}],\"payments\":[" + cash(big - small) + "]}";
        JsonNode done = exchange(path, body, key, 201);
        JsonNode returned = done.get("returned");
        JsonNode bought = done.get("sale");
        assertThat(returned.get("method").asText()).isEqualTo("EXCHANGE");
        assertThat(returned.get("amount").asLong()).isEqualTo(small);
        assertThat(bought.get("total").asLong()).isEqualTo(big);
        assertThat(methods(bought.get("payments"))).containsExactly("EXCHANGE " + small, "CASH " + (big - small));
        assertThat(done.get("due").asLong()).as("paid on top").isEqualTo(big - small);
        assertThat(onHand("COF-250")).isEqualTo(in + 1);
        assertThat(onHand("COF-1000")).isEqualTo(out - 1);
        assertThat(movementTypes(returned.get("id").asText())).containsExactly("EXCHANGE_IN");
        assertThat(movementTypes(bought.get("id").asText())).containsExactly("EXCHANGE_OUT");
        JsonNode tb = till.ok("GET", "/api/v1/reports/trial-balance", null, null, 200);
        assertThat(balance(tb, "1290-EXCHANGE-CLEARING")).as("the return and the sale meet on the clearing account")
                .isZero();
        assertThat(balance(tb, "1000-CASH")).isEqualTo(20_000 + big);
        JsonNode x = till.ok("GET", "/api/v1/reports/x", null, anna, 200).get("totals");
        assertThat(x.get("turnover").asLong()).isEqualTo(big);
        long entries = till.tillEntries();
        JsonNode again = exchange(path, body, key, 200);
        assertThat(again.get("sale").get("id").asText()).isEqualTo(bought.get("id").asText());
        assertThat(again.get("returned").get("id").asText()).isEqualTo(returned.get("id").asText());
        assertThat(again.get("replayed").asBoolean()).isTrue();
        assertThat(till.tillEntries()).as("sent again, nothing is journaled").isEqualTo(entries);
        assertThat(status(path, body.replace("wrong grind", "other reason"), key))
                .as("the key with another return is refused").isEqualTo(422);
        String receipt = till.awaitPrinted("Beleg-Nr. " + bought.get("invoiceNo").asLong() + " ");
        assertThat(receipt).containsPattern("Umtausch / Exchange +" + TillClient.money(small))
                .containsPattern("Bar / Cash +" + TillClient.money(big - small));
        assertThat(till.awaitPrinted("ERSTATTUNG / REFUND")).contains("Zu Beleg-Nr. / For receipt "
                + sale.get("invoiceNo").asLong() + "\n", "wrong grind");
        assertThat(agent.printQueue().forDocument(PrintJob.Document.REFUND, returned.get("id").asText()))
                .as("one slip for the return").hasSize(1);
        assertThat(agent.printQueue().forDocument(PrintJob.Document.SALE, bought.get("id").asText()))
                .as("one receipt for the new sale").hasSize(1);
    }

    @Test
    void cheaperGoodsGiveTheRestBackInCash() throws Exception {
        long small = till.linesTotal("COF-250", 1);
        long big = till.linesTotal("COF-1000", 1);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-1000", 1, cash(big), null), anna, 201);
        String path = "/api/v1/sales/" + sale.get("id").asText() + "/exchange";
        JsonNode done = exchange(path, "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"too much\","
                + "\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],\"approval\":{\"managerId\":\"maria\","
                + "\"managerPin\":\"9999\"}}", UUID.randomUUID().toString(), 201);
        assertThat(done.get("due").asLong()).as("given back").isEqualTo(-(big - small));
        assertThat(methods(done.get("returned").get("payments"))).containsExactlyInAnyOrder("EXCHANGE " + small,
                "CASH " + (big - small));
        assertThat(methods(done.get("sale").get("payments"))).containsExactly("EXCHANGE " + small);
        JsonNode tb = till.ok("GET", "/api/v1/reports/trial-balance", null, null, 200);
        assertThat(balance(tb, "1290-EXCHANGE-CLEARING")).isZero();
        assertThat(balance(tb, "1000-CASH")).isEqualTo(20_000 + small);
        assertThat(till.awaitPrinted("ERSTATTUNG / REFUND")).containsPattern("Bar / Cash +" + TillClient.money(-(big - small)));
        String newSale = "/api/v1/sales/" + done.get("sale").get("id").asText();
        till.refusedWritesNothing("voiding a sale an exchange paid for", "POST", newSale + "/void",
                "{\"reason\":\"x\"}", anna, 409, "sale-exchanged");
        till.refusedWritesNothing("a refund by EXCHANGE", "POST", newSale + "/refunds",
                "{\"reason\":\"x\",\"method\":\"EXCHANGE\"}", anna, 400, "invalid-request");
        assertThat(till.ok("POST", newSale + "/refunds", "{\"reason\":\"x\"}", anna, 201).get("method").asText())
                .as("paid by goods from a cash sale, it refunds in cash").isEqualTo("CASH");
    }

    @Test
    void theDifferenceIsPaidByCardThroughTheTerminal() throws Exception {
        long small = till.linesTotal("COF-250", 1);
        long big = till.linesTotal("COF-1000", 1);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 1, cash(small), null), anna, 201);
        String path = "/api/v1/sales/" + sale.get("id").asText() + "/exchange";
        String body = "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"wrong grind\",\"lines\":[{\"sku\":"
                + "\"COF-1000\",\"qty\":1}],\"payments\":[{\"method\":\"CARD\",\"amount\":" + (big - small) + "}]}";
        ZvtSimulator terminal = agent.drivers().terminalSimulator().orElseThrow();
        long before = onHand("COF-250");
        terminal.script(ZvtSimulator.Outcome.decline(0x05));
        assertThat(status(path, body, UUID.randomUUID().toString())).as("declined").isEqualTo(402);
        assertThat(onHand("COF-250")).as("nothing came back on a declined card").isEqualTo(before);
        assertThat(till.ok("GET", "/api/v1/sales/" + sale.get("id").asText() + "/refunds", null, anna, 200)
                .get("refunds")).as("no return without the new sale").isEmpty();
        JsonNode done = exchange(path, body, UUID.randomUUID().toString(), 201);
        assertThat(methods(done.get("sale").get("payments"))).containsExactly("EXCHANGE " + small,
                "CARD " + (big - small));
        assertThat(done.get("sale").get("cardSlip")).isNotEmpty();
    }

    @Test
    void badExchangesAreRefusedAndWriteNothing() throws Exception {
        long small = till.linesTotal("COF-250", 1);
        long big = till.linesTotal("COF-1000", 1);
        JsonNode cashSale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 2, cash(2 * small), null), anna, 201);
        JsonNode cardSale = till.ok("POST", "/api/v1/sales", saleWith("COF-1000", 1, "{\"method\":\"CARD\",\"amount\":"
                + big + "}", null), anna, 201);
        String cash = "/api/v1/sales/" + cashSale.get("id").asText() + "/exchange";
        String card = "/api/v1/sales/" + cardSale.get("id").asText() + "/exchange";
        String newGoods = ",\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}]";
        till.refusedWritesNothing("no reason", "POST", cash, "{\"returned\":[{\"lineNo\":1,\"qty\":1}]" + newGoods
                + "}", anna, 400, "invalid-request");
        till.refusedWritesNothing("no new goods", "POST", cash, "{\"returned\":[{\"lineNo\":1,\"qty\":1}],"
                + "\"reason\":\"x\"}", anna, 400, "invalid-request");
        till.refusedWritesNothing("more back than sold", "POST", cash, "{\"returned\":[{\"lineNo\":1,\"qty\":3}],"
                + "\"reason\":\"x\"" + newGoods + "}", anna, 422, "refund-above-paid");
        till.refusedWritesNothing("a line the sale does not have", "POST", cash, "{\"returned\":[{\"lineNo\":7,"
                + "\"qty\":1}],\"reason\":\"x\"" + newGoods + "}", anna, 400, "invalid-request");
        till.refusedWritesNothing("dearer goods without the difference paid", "POST", cash, "{\"returned\":[{\"lineNo\":1,"
                + "\"qty\":1}],\"reason\":\"x\",\"lines\":[{\"sku\":\"COF-1000\",\"qty\":1}]}", anna, 422, "split-mismatch");
        till.refusedWritesNothing("cheaper goods for a card sale, no method for the rest", "POST", card,
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"" + newGoods + "}", anna, 422,
                "refund-method-required");
        till.refusedWritesNothing("the rest back in cash for a card sale", "POST", card,
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\",\"method\":\"CASH\"" + newGoods + "}", anna,
                422, "refund-method-not-paid");
        till.refusedWritesNothing("the rest back to the card", "POST", card,
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\",\"method\":\"CARD\"" + newGoods + "}", anna,
                422, "refund-method-not-paid");
        till.refusedWritesNothing("store credit without a customer", "POST", card,
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\",\"method\":\"STORE_CREDIT\"" + newGoods + "}",
                anna, 422, "customer-required");
        assertThat(big).as("the refund limit is crossed").isGreaterThan(2000);
        till.refusedWritesNothing("above the refund limit without a manager", "POST", card,
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\",\"lines\":[{\"sku\":\"COF-1000\",\"qty\":1}]}",
                anna, 403, "approval-required");
        String maria = till.login("maria", "9999");
        String approval = till.ok("POST", "/api/v1/approvals", "{\"action\":\"REFUND\",\"amount\":" + big
                + ",\"reason\":\"swap\"}", anna, 201).get("id").asText();
        till.ok("POST", "/api/v1/approvals/" + approval + "/approve", "", maria, 200);
        exchange(card, "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\",\"lines\":[{\"sku\":\"COF-1000\","
                + "\"qty\":1}],\"approval\":{\"approvalIds\":[\"" + approval + "\"]}}", UUID.randomUUID().toString(), 201);
        assertThat(till.ok("GET", "/api/v1/approvals/" + approval, null, anna, 200).get("status").asText())
                .as("a remote approval among approvalIds covers the return").isEqualTo("USED");
        till.refusedWritesNothing("an unknown sale", "POST", "/api/v1/sales/nope/exchange",
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"" + newGoods + "}", anna, 404, "not-found");
        till.refusedWritesNothing("without staff", "POST", cash,
                "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"" + newGoods + "}", null, 401, "login-required");
        String key = UUID.randomUUID().toString();
        assertThat(till.send("POST", "/api/v1/sales/" + cashSale.get("id").asText() + "/refunds",
                "{\"lines\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"}", anna, key).statusCode()).isEqualTo(201);
        long before = till.tillEntries();
        assertThat(status(cash, "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"" + newGoods + "}", key))
                .as("a refund's key reused for an exchange").isEqualTo(409);
        assertThat(till.tillEntries()).isEqualTo(before);
        exchange(cash, "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"" + newGoods + "}",
                UUID.randomUUID().toString(), 201);
        till.refusedWritesNothing("a unit exchanged already", "POST", cash, "{\"returned\":[{\"lineNo\":1,\"qty\":1}],"
                + "\"reason\":\"x\"" + newGoods + "}", anna, 422, "refund-above-paid");
    }

    @Test
    void goodsBoughtInAnExchangeGetTheirMoneyBackTheWayItWasFirstPaid() throws Exception {
        long small = till.linesTotal("COF-250", 1);
        long mid = till.linesTotal("COF-500", 1);
        String customer = till.ok("POST", "/api/v1/customers", "{\"name\":\"Erika Muster\"}", anna, 201).get("id")
                .asText();
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-250", 1, cash(small), null), anna, 201);
        String key = UUID.randomUUID().toString();
        JsonNode done = exchange("/api/v1/sales/" + sale.get("id").asText() + "/exchange", "{\"returned\":[{\"lineNo\":1,"
                + "\"qty\":1}],\"reason\":\"size\",\"lines\":[{\"sku\":\"COF-500\",\"qty\":1}],\"payments\":["
                + cash(mid - small) + "],\"customerId\":\"" + customer + "\"}", key, 201);
        JsonNode bought = done.get("sale");
        assertThat(bought.has("customerId") && !bought.get("customerId").isNull())
                .as("the new sale stays the anonymous customer's: no points on goods paid once").isFalse();
        assertThat(till.ok("GET", "/api/v1/customers/" + customer, null, anna, 200).get("points").asLong()).isZero();
        String path = "/api/v1/sales/" + bought.get("id").asText() + "/refunds";
        assertThat(till.send("POST", "/api/v1/sales/" + sale.get("id").asText() + "/refunds", "{\"reason\":\"x\"}", anna,
                key).statusCode()).as("a plain refund under the exchange's key").isEqualTo(409);
        till.refusedWritesNothing("more units than can be counted", "POST", path, "{\"lines\":[{\"lineNo\":1,\"qty\":"
                + Long.MAX_VALUE + "},{\"lineNo\":1,\"qty\":1}],\"reason\":\"x\"}", anna, 400, "invalid-request");
        JsonNode refund = till.ok("POST", path, "{\"reason\":\"faulty after all\"}", anna, 201);
        assertThat(refund.get("method").asText()).as("the credit part goes back as the first sale was paid")
                .isEqualTo("CASH");
        assertThat(refund.get("amount").asLong()).isEqualTo(mid);
        JsonNode tb = till.ok("GET", "/api/v1/reports/trial-balance", null, null, 200);
        assertThat(balance(tb, "1000-CASH")).as("all the cash taken went back").isEqualTo(20_000);
        assertThat(balance(tb, "1290-EXCHANGE-CLEARING")).isZero();
    }

    private JsonNode exchange(String path, String body, String key, int status) throws Exception {
        HttpResponse<String> r = till.send("POST", path, body, anna, key);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return Http.JSON.readTree(r.body());
    }

    private int status(String path, String body, String key) throws Exception {
        return till.send("POST", path, body, anna, key).statusCode();
    }

    private static List<String> methods(JsonNode payments) {
        List<String> out = new ArrayList<>();
        payments.forEach(p -> out.add(p.get("method").asText() + " " + p.get("amount").asLong()));
        return out;
    }

    private List<String> movementTypes(String refId) {
        return agent.journal().read(c -> {
            try (var ps = c.prepareStatement("SELECT type FROM inventory_movements WHERE ref_id = ? ORDER BY seq")) {
                ps.setString(1, refId);
                try (var rs = ps.executeQuery()) {
                    List<String> types = new ArrayList<>();
                    while (rs.next()) {
                        types.add(rs.getString(1));
                    }
                    return types;
                }
            }
        });
    }

    private long onHand(String sku) {
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

package com.wkpos.edge.agent.till;

import static com.wkpos.edge.agent.till.TillClient.saleWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Till rules through the API against a card terminal simulator that outlives the agent: parked sales
 * retried and cancelled, an approval left unused by a crash reversed when the agent starts again,
 * customers edited, loyalty points redeemed.
 */
class TillRulesIT {
    @TempDir
    Path dir;
    private ZvtSimulator terminal;
    private TestLicense license;
    private Agent agent;
    private TillClient till;
    private String anna;

    @BeforeEach
    void start() throws Exception {
        terminal = ZvtSimulator.start();
        license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        startAgent();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        terminal.close();
        JournalVerifier.Report report = Agent.verifier().verify(dir.resolve("state"));
        assertThat(report.findings()).isEmpty();
    }

    private void startAgent() throws Exception {
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till", "--refuse-oversell",
                "--device", "terminal=zvt+tcp://127.0.0.1:" + terminal.port()))), Clock.systemUTC());
        till = new TillClient(agent);
        anna = till.login("anna", "1111");
        till.openShift(anna, 0);
    }

    @Test
    void aDeclinedCardParksTheSaleForARetryOrACancel() throws Exception {
        long lines = till.linesTotal("COF-250", 1);
        String body = saleWith("COF-250", 1, "{\"method\":\"CARD\",\"amount\":" + lines + "}", null);
        String key = UUID.randomUUID().toString();
        terminal.script(ZvtSimulator.Outcome.decline(0x05));
        assertThat(till.send("POST", "/api/v1/sales", body, anna, key).statusCode()).isEqualTo(402);
        JsonNode parked = till.ok("GET", "/api/v1/parked-sales", null, anna, 200).get("parkedSales");
        assertThat(parked).hasSize(1);
        assertThat(parked.get(0).get("idempotencyKey").asText()).isEqualTo(key);
        assertThat(parked.get(0).get("total").asLong()).isEqualTo(lines);
        HttpResponse<String> retried = till.send("POST", "/api/v1/sales", body, anna, key);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(201);
        assertThat(till.ok("GET", "/api/v1/parked-sales", null, anna, 200).get("parkedSales")).isEmpty();

        String other = UUID.randomUUID().toString();
        terminal.script(ZvtSimulator.Outcome.ABORT_MIDWAY);
        assertThat(till.send("POST", "/api/v1/sales", body, anna, other).statusCode()).isEqualTo(402);
        String id = till.ok("GET", "/api/v1/parked-sales", null, anna, 200).get("parkedSales").get(0).get("id").asText();
        JsonNode cancelled = till.ok("POST", "/api/v1/sales/" + id + "/cancel", "{\"reason\":\"customer left\"}", anna, 200);
        assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
        long before = till.tillEntries();
        HttpResponse<String> afterCancel = till.send("POST", "/api/v1/sales", body, anna, other);
        assertThat(afterCancel.statusCode()).as(afterCancel.body()).isEqualTo(409);
        assertThat(Http.JSON.readTree(afterCancel.body()).get("type").asText()).isEqualTo("urn:wk-edge:problem:sale-cancelled");
        assertThat(till.tillEntries()).as("a cancelled sale charges and writes nothing").isEqualTo(before);
        till.refusedWritesNothing("cancelling twice", "POST", "/api/v1/sales/" + id + "/cancel", "", anna, 409,
                "sale-not-open");
    }

    @Test
    void anApprovalACrashLeftUnusedIsReversedAtTheNextStart() throws Exception {
        // refused for stock after the card was charged, and the terminal refuses the immediate reversal
        terminal.script(ZvtSimulator.Outcome.APPROVE, ZvtSimulator.Outcome.decline(0x6F));
        long lines = till.linesTotal("COF-250", 10000);
        String body = saleWith("COF-250", 10000, "{\"method\":\"CARD\",\"amount\":" + lines + "}", null);
        HttpResponse<String> r = till.send("POST", "/api/v1/sales", body.substring(0, body.length() - 1)
                + ",\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", anna, UUID.randomUUID().toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(cardStatus()).isEqualTo("APPROVED");
        agent.close();
        startAgent();
        assertThat(cardStatus()).as("the reopened agent gave the money back").isEqualTo("REVERSED");
        assertThat(terminal.commands().stream().filter("06 30"::equals)).hasSize(2);
    }

    @Test
    void aRetriedSaleThatNeededAManagerIsTheFirstSaleAndAsksNoManagerAgain() throws Exception {
        String sale = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1,\"unitPrice\":500,\"reason\":\"damaged pack\"}],"
                + "\"payments\":[{\"method\":\"CASH\",\"amount\":1000}]";
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = till.send("POST", "/api/v1/sales", sale
                + ",\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", anna, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        long entries = till.tillEntries();
        // the approval is no part of what the key stands for: the retry without it is the same sale
        HttpResponse<String> again = till.send("POST", "/api/v1/sales", sale + "}", anna, key);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(201);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(till.tillEntries()).as("a replay writes nothing").isEqualTo(entries);
        HttpResponse<String> fresh = till.send("POST", "/api/v1/sales", sale + "}", anna, UUID.randomUUID().toString());
        assertThat(fresh.statusCode()).as("a new sale still needs the manager").isEqualTo(403);
    }

    @Test
    void printingAnXWithoutAPrinterIsRefused() throws Exception {
        till.ok("GET", "/api/v1/reports/x", null, anna, 200);
        till.refusedWritesNothing("X printed with no printer", "POST", "/api/v1/reports/x/print", null, anna, 409,
                "no-printer");
        assertThat(agent.printQueue().pending()).isZero();
    }

    @Test
    void customersAreEditedAndRedeemTheirPoints() throws Exception {
        String id = till.ok("POST", "/api/v1/customers", "{\"name\":\"Erika Muster\"}", anna, 201).get("id").asText();
        JsonNode edited = till.ok("PUT", "/api/v1/customers/" + id, "{\"name\":\"Erika Mustermann\","
                + "\"email\":\"erika@example.org\"}", anna, 200);
        assertThat(edited.get("name").asText()).isEqualTo("Erika Mustermann");
        assertThat(till.ok("GET", "/api/v1/customers/" + id, null, anna, 200).get("email").asText())
                .isEqualTo("erika@example.org");
        till.refusedWritesNothing("editing an unknown customer", "PUT", "/api/v1/customers/" + UUID.randomUUID(),
                "{\"name\":\"X\"}", anna, 404, "not-found");
        long lines = till.linesTotal("COF-1000", 1);
        JsonNode sale = till.ok("POST", "/api/v1/sales", saleWith("COF-1000", 1, "{\"method\":\"MOBILE\",\"amount\":"
                + lines + "}", id), anna, 201);
        long points = sale.get("pointsEarned").asLong();
        assertThat(points).isEqualTo(lines / 100);
        till.refusedWritesNothing("redeeming more points than earned", "POST", "/api/v1/customers/" + id + "/redeem",
                "{\"points\":" + (points + 1) + "}", anna, 422, "not-enough-points");
        JsonNode redeemed = till.ok("POST", "/api/v1/customers/" + id + "/redeem", "{\"points\":" + points + "}", anna, 200);
        assertThat(redeemed.get("points").asLong()).isZero();
        assertThat(redeemed.get("storeCredit").asLong()).isEqualTo(points);
        assertThat(redeemed.get("totalSpent").asLong()).isEqualTo(lines);
    }

    private String cardStatus() {
        return agent.journal().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT status FROM card_payments")) {
                return rs.next() ? rs.getString(1) : "none";
            }
        });
    }
}

package com.wkpos.edge.agent.till;

import static com.wkpos.edge.agent.till.TillClient.saleWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.payment.CardRefunds;
import com.wkpos.edge.drivers.zvt.ZvtSimulator;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A card refund the terminal paid out whose refund never committed (the agent stopped in between): the
 * next start completes that refund under its key, or alerts a manager where the sale no longer allows it.
 * The terminal simulator outlives the agent, as a real terminal would.
 */
class CardRefundRecoveryIT {
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
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till",
                "--device", "terminal=zvt+tcp://127.0.0.1:" + terminal.port()))), Clock.systemUTC());
        till = new TillClient(agent);
        anna = till.login("anna", "1111");
        till.openShift(anna, 0);
    }

    @Test
    void aCardRefundLeftUnusedIsCompletedAtTheNextStartAndARetryReturnsIt() throws Exception {
        String saleId = cardSale();
        long amount = till.linesTotal("COF-500", 1);
        String key = UUID.randomUUID().toString();
        new CardRefunds(agent.journal(), agent.devices()::terminal, agent.events(), Clock.systemUTC(), "EUR")
                .refund(key, amount, "staff:anna", request(saleId, amount));
        assertThat(cardRefundStatus(saleId)).isEqualTo("APPROVED");
        agent.close();

        startAgent();
        assertThat(cardRefundStatus(saleId)).as("the reopened agent committed the refund the money went out for")
                .isEqualTo("USED");
        JsonNode refunds = till.ok("GET", "/api/v1/sales/" + saleId + "/refunds", null, anna, 200);
        assertThat(refunds.toString()).contains("\"amount\":" + amount).contains("terminal failed mid-refund");
        HttpResponse<String> retry = till.send("POST", "/api/v1/sales/" + saleId + "/refunds",
                "{\"reason\":\"terminal failed mid-refund\"}", anna, key);
        assertThat(retry.statusCode()).as(retry.body()).isBetween(200, 201);
        assertThat(retry.body()).contains("\"amount\":" + amount);
        assertThat(terminal.commands().stream().filter("06 31"::equals)).as("paid back once").hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM refunds WHERE sale_id = '" + saleId + "'")).isEqualTo(1);
    }

    @Test
    void aCardRefundWhoseSaleWasVoidedSinceIsRaisedToAManagerNotReversed() throws Exception {
        long amount = till.linesTotal("COF-500", 1);
        String third = cardSale();
        String key = UUID.randomUUID().toString();
        new CardRefunds(agent.journal(), agent.devices()::terminal, agent.events(), Clock.systemUTC(), "EUR")
                .refund(key, amount, "staff:anna", request(third, amount));
        till.ok("POST", "/api/v1/sales/" + third + "/void", "{\"reason\":\"wrong customer\",\"approval\":"
                + "{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}", anna, 201);
        agent.close();
        startAgent();
        assertThat(cardRefundStatus(third)).as("never reversed or re-used silently").isEqualTo("APPROVED");
        assertThat(count("SELECT COUNT(*) FROM audit WHERE action = 'card.refund-unmatched' AND detail LIKE '%" + key
                + "%voided%'")).as("a manager sees why").isEqualTo(1);
        agent.close();
        startAgent();
        assertThat(count("SELECT COUNT(*) FROM card_refund_alerts")).as("raised once, not at every start").isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM refunds WHERE sale_id = '" + third + "' AND kind = 'REFUND'")).isZero();
    }

    private String cardSale() throws Exception {
        long lines = till.linesTotal("COF-500", 1);
        return till.ok("POST", "/api/v1/sales", saleWith("COF-500", 1, "{\"method\":\"CARD\",\"amount\":" + lines
                + "}", null), anna, 201).get("id").asText();
    }

    /** The refund a screen asked for, as the till journals it with the terminal's approval. */
    private static Map<String, Object> request(String saleId, long amount) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("saleId", saleId);
        r.put("void", false);
        r.put("lines", List.of());
        r.put("method", "CARD");
        r.put("customerId", null);
        r.put("reason", "terminal failed mid-refund");
        r.put("actor", "staff:anna");
        r.put("staffId", "anna");
        r.put("amount", amount);
        r.put("grant", null);
        return r;
    }

    private String cardRefundStatus(String saleId) {
        return agent.journal().read(c -> {
            try (var rs = c.createStatement().executeQuery("SELECT r.status FROM card_refunds r JOIN journal j"
                    + " ON j.type = 'card.refunded' AND json_extract(j.payload, '$.cardRefundId') = r.id"
                    + " WHERE json_extract(j.payload, '$.request.saleId') = '" + saleId + "'")) {
                return rs.next() ? rs.getString(1) : "none";
            }
        });
    }

    private long count(String sql) {
        return agent.journal().read(c -> {
            try (var rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}

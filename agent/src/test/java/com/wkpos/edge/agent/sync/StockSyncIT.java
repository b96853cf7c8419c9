package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stock moved by hand over the LAN API (a delivery by the cashier, write-offs by the cashier within the demo
 * till's threshold and above it with a manager's PIN, a count and a write-off by the manager, the refusals)
 * reaches HQ over the embedded broker, where the branch's stock is the sum of the movements' deltas.
 */
class StockSyncIT {
    @TempDir
    Path dir;

    @Test
    void deliveriesCountsAndWriteOffsReachHq() throws Exception {
        int mqtt = RealServices.freePort();
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqtt, "--tenant", TestLicense.TENANT)), Clock.systemUTC(), List.of());
             Agent branch = startAgent(mqtt)) {
            Http admin = new Http(hq.port(), hq.adminToken().value());
            Http cashier = Http.cashier(branch);
            Http manager = Http.paired(branch).login("maria", "9999");
            long start = cashier.get("/api/v1/stock/COF-250").json().get("onHand").asLong();

            Http.Response delivery = cashier.post("/api/v1/stock/movements", "{\"type\":\"PURCHASE\",\"sku\":\"COF-250\","
                    + "\"qty\":12,\"reference\":\"LS-4711\"}", null);
            assertThat(delivery.status()).as(delivery.body()).isEqualTo(201);
            assertThat(delivery.json().get("onHand").asLong()).isEqualTo(start + 12);
            Http.Response small = cashier.post("/api/v1/stock/movements", "{\"type\":\"DAMAGE\",\"sku\":\"COF-250\","
                    + "\"qty\":2,\"reason\":\"dropped\"}", null);
            assertThat(small.status()).as("2 x 6.99 is within the demo till's 20.00: " + small.body()).isEqualTo(201);
            long head = branch.journal().head().seq();
            Http.Response byCashier = cashier.post("/api/v1/stock/movements", "{\"type\":\"DAMAGE\",\"sku\":\"COF-250\","
                    + "\"qty\":3,\"reason\":\"dropped\"}", null);
            assertThat(byCashier.status()).isEqualTo(403);
            assertThat(byCashier.json().get("type").asText()).endsWith("approval-required");
            assertThat(byCashier.json().at("/approvalsNeeded/0/amount").asLong()).isEqualTo(3 * 699);
            assertThat(cashier.post("/api/v1/stock/movements", "{\"type\":\"DAMAGE\",\"sku\":\"COF-250\",\"qty\":3,"
                    + "\"reason\":\"dropped\",\"approval\":{\"managerId\":\"ben\",\"managerPin\":\"2222\"}}", null)
                    .status()).as("a cashier's PIN approves nothing").isEqualTo(403);
            assertThat(cashier.post("/api/v1/stock/movements", "{\"type\":\"PURCHASE\",\"sku\":\"NOPE\",\"qty\":1}", null)
                    .status()).isEqualTo(404);
            assertThat(cashier.post("/api/v1/stock/movements", "{\"type\":\"PURCHASE\",\"sku\":\"COF-250\",\"qty\":-1}",
                    null).status()).isEqualTo(400);
            assertThat(cashier.post("/api/v1/stock/movements", "{\"type\":\"PURCHASE\",\"sku\":\"COF-250\",\"qty\":1,"
                    + "\"colour\":\"red\"}", null).status()).as("an unknown field").isEqualTo(400);
            assertThat(branch.journal().head().seq()).as("refusals journal nothing").isEqualTo(head);
            Http.Response approved = cashier.post("/api/v1/stock/movements", "{\"type\":\"DAMAGE\",\"sku\":\"COF-250\","
                    + "\"qty\":3,\"reason\":\"dropped\",\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}",
                    null);
            assertThat(approved.status()).as(approved.body()).isEqualTo(201);
            assertThat(approved.json().get("onHand").asLong()).isEqualTo(start + 7);

            assertThat(manager.post("/api/v1/stock/movements", "{\"type\":\"INITIAL\",\"sku\":\"COF-250\",\"counted\":30,"
                    + "\"reason\":\"Inventur\"}", null).json().get("onHand").asLong()).isEqualTo(30);
            assertThat(manager.post("/api/v1/stock/movements", "{\"type\":\"DAMAGE\",\"sku\":\"COF-250\",\"qty\":4,"
                    + "\"reason\":\"dropped\"}", null).json().get("onHand").asLong()).isEqualTo(26);
            JsonNode history = cashier.get("/api/v1/stock/COF-250/movements").json().get("movements");
            assertThat(history.findValuesAsText("type")).startsWith("DAMAGE", "INITIAL", "DAMAGE", "DAMAGE", "PURCHASE");
            assertThat(cashier.get("/api/v1/stock?low=true").json().get("stock").findValuesAsText("sku"))
                    .doesNotContain("COF-250");
            Http.Response reorder = cashier.get("/api/v1/stock/reorder?days=28&leadDays=7");
            assertThat(reorder.status()).as(reorder.body()).isEqualTo(200);
            assertThat(reorder.json().get("suggestions").findValuesAsText("sku")).doesNotContain("COF-250");
            assertThat(cashier.get("/api/v1/stock/reorder?days=0").status()).isEqualTo(400);
            assertThat(cashier.get("/api/v1/stock/NOPE").status()).isEqualTo(404);

            // HQ knows no opening stock: its figure is the sum of the deltas it received
            long expected = 26 - start;
            SyncIT.await("HQ has the branch's movements", Duration.ofSeconds(20), () -> {
                try {
                    JsonNode rows = admin.get("/api/v1/stock?branch=b1&sku=COF-250").json().get("stock");
                    return rows.size() == 1 && rows.get(0).get("onHand").asLong() == expected;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        assertThat(Agent.verifier().verify(dir.resolve("b1")).findings()).isEmpty();
    }

    private Agent startAgent(int mqtt) {
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("b1"));
        AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("b1").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till")));
        SyncSettings s = new SyncSettings("tcp://127.0.0.1:" + mqtt, TestLicense.TENANT, "b1",
                dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE), Duration.ofSeconds(30), 500, 4, Duration.ofSeconds(2), 200);
        return Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
    }
}

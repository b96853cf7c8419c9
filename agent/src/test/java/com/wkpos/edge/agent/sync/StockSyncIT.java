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
 * till's threshold and above it with a manager's PIN, a count and a write-off by the manager, the refusals) and
 * reserved for an order and released, reaches HQ over the embedded broker, where the branch's stock is the sum
 * of the movements' deltas and reservations change nothing.
 */
class StockSyncIT {
    @TempDir
    Path dir;

    @Test
    void deliveriesCountsWriteOffsAndExchangesReachHq() throws Exception {
        int mqtt = RealServices.freePort();
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqtt, "--tenant", TestLicense.TENANT)), Clock.systemUTC(), List.of());
             Agent branch = startAgent(mqtt)) {
            Http admin = new Http(hq.port(), hq.adminToken().value());
            Http cashier = Http.cashier(branch);
            Http manager = Http.paired(branch).login("maria", "9999");
            long start = cashier.get("/api/v1/stock/COF-250").json().get("onHand").asLong();

            Http.Response delivery = cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"PURCHASE\",\"sku\":\"COF-250\","
                    + "\"qty\":12,\"reference\":\"LS-4711\"}", null);
            assertThat(delivery.status()).as(delivery.body()).isEqualTo(201);
            assertThat(delivery.json().get("onHand").asLong()).isEqualTo(start + 12);
            Http.Response small = cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"DAMAGE\",\"sku\":\"COF-250\","
                    + "\"qty\":2,\"reason\":\"dropped\"}", null);
            assertThat(small.status()).as("2 x 6.99 is within the demo till's 20.00: " + small.body()).isEqualTo(201);
            long head = branch.journal().head().seq();
            Http.Response byCashier = cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"DAMAGE\",\"sku\":\"COF-250\","
                    + "\"qty\":3,\"reason\":\"dropped\"}", null);
            assertThat(byCashier.status()).isEqualTo(403);
            assertThat(byCashier.json().get("type").asText()).endsWith("approval-required");
            assertThat(byCashier.json().at("/approvalsNeeded/0/amount").asLong()).isEqualTo(3 * 699);
            assertThat(cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"DAMAGE\",\"sku\":\"COF-250\",\"qty\":3,"
                    + "\"reason\":\"dropped\",\"approval\":{\"managerId\":\"ben\",\"managerPin\":\"2222\"}}", null)
                    .status()).as("a cashier's PIN approves nothing").isEqualTo(403);
            assertThat(cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"PURCHASE\",\"sku\":\"NOPE\",\"qty\":1}", null)
                    .status()).isEqualTo(404);
            assertThat(cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"PURCHASE\",\"sku\":\"COF-250\",\"qty\":-1}",
                    null).status()).isEqualTo(400);
            assertThat(cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"PURCHASE\",\"sku\":\"COF-250\",\"qty\":1,"
                    + "\"colour\":\"red\"}", null).status()).as("an unknown field").isEqualTo(400);
            Http.Response noId = cashier.post("/api/v1/stock/movements", "{\"type\":\"PURCHASE\",\"sku\":\"COF-250\","
                    + "\"qty\":12,\"reference\":\"LS-4711\"}", null);
            assertThat(noId.status()).as("a retry without an id would book the delivery twice").isEqualTo(400);
            assertThat(noId.json().get("type").asText()).endsWith("invalid-field");
            assertThat(noId.json().get("detail").asText()).contains("id is required");
            assertThat(tillEntriesAfter(branch, head)).as("refusals journal nothing").isEmpty();
            Http.Response approved = cashier.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"DAMAGE\",\"sku\":\"COF-250\","
                    + "\"qty\":3,\"reason\":\"dropped\",\"approval\":{\"managerId\":\"maria\",\"managerPin\":\"9999\"}}",
                    null);
            assertThat(approved.status()).as(approved.body()).isEqualTo(201);
            assertThat(approved.json().get("onHand").asLong()).isEqualTo(start + 7);

            assertThat(manager.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"INITIAL\",\"sku\":\"COF-250\",\"counted\":30,"
                    + "\"reason\":\"Inventur\"}", null).json().get("onHand").asLong()).isEqualTo(30);
            assertThat(manager.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"DAMAGE\",\"sku\":\"COF-250\",\"qty\":4,"
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

            reserveAndRelease(branch, cashier, Http.paired(branch));
            // a pack of 250 g sold and exchanged for 500 g: at HQ the 250 g nets out, the 500 g is one less
            Http.Response sold = cashier.post("/api/v1/sales", "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],"
                    + "\"payments\":[{\"method\":\"CASH\",\"amount\":699}]}", java.util.UUID.randomUUID().toString());
            assertThat(sold.status()).as(sold.body()).isEqualTo(201);
            Http.Response swapped = cashier.post("/api/v1/sales/" + sold.json().get("id").asText() + "/exchange",
                    "{\"returned\":[{\"lineNo\":1,\"qty\":1}],\"reason\":\"wrong size\",\"lines\":[{\"sku\":"
                    + "\"COF-500\",\"qty\":1}],\"payments\":[{\"method\":\"CASH\",\"amount\":550}]}",
                    java.util.UUID.randomUUID().toString());
            assertThat(swapped.status()).as(swapped.body()).isEqualTo(201);
            assertThat(swapped.json().get("due").asLong()).isEqualTo(1249 - 699);
            // down to 8, below its reorder level of 10: a stock.low entry HQ keeps as an alert
            assertThat(manager.post("/api/v1/stock/movements", movementId()
                    + "\"type\":\"DAMAGE\",\"sku\":\"COF-250\",\"qty\":18,"
                    + "\"reason\":\"water damage\"}", null).json().get("low").asBoolean()).isTrue();

            // HQ knows no opening stock: its figure is the sum of the deltas it received; reservations are none
            long expected = 8 - start;
            long last = branch.journal().head().seq();
            SyncIT.await("HQ has every entry, the branch's movements and its alert", Duration.ofSeconds(20), () -> {
                try {
                    JsonNode rows = admin.get("/api/v1/stock?branch=b1&sku=COF-250").json().get("stock");
                    JsonNode branches = admin.get("/api/v1/branches").json().get("branches");
                    JsonNode alerts = admin.get("/api/v1/stock/alerts?branch=b1").json().get("alerts");
                    JsonNode bigger = admin.get("/api/v1/stock?branch=b1&sku=COF-500").json().get("stock");
                    return rows.size() == 1 && rows.get(0).get("onHand").asLong() == expected
                            && bigger.size() == 1 && bigger.get(0).get("onHand").asLong() == -1
                            && branches.findValues("ackedSeq").stream().anyMatch(a -> a.asLong() >= last)
                            && alerts.size() == 1 && alerts.get(0).get("sku").asText().equals("COF-250")
                            && alerts.get(0).get("onHand").asLong() == 8;
                } catch (Exception e) {
                    return false;
                }
            });
        }
        assertThat(Agent.verifier().verify(dir.resolve("b1")).findings()).isEmpty();
    }

    /**
     * The entries after {@code seq} but those sync makes by itself meanwhile (HQ's downstream versions, the
     * license's renewal), which a refusal at the till has nothing to do with.
     */
    private static java.util.List<String> tillEntriesAfter(Agent branch, long seq) {
        return branch.journal().read(c -> {
            java.util.List<String> out = new java.util.ArrayList<>();
            try (var ps = c.prepareStatement("SELECT type FROM journal WHERE seq > ? AND type NOT LIKE 'downstream.%'"
                    + " AND type NOT LIKE 'license.%' AND type NOT LIKE 'customer.%'")) {
                ps.setLong(1, seq);
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Reservations over the LAN API with 26 of COF-250 on hand: what they hold, their refusals, their release. */
    private static void reserveAndRelease(Agent branch, Http cashier, Http noStaff) throws Exception {
        long head = branch.journal().head().seq();
        String path = "/api/v1/stock/reservations";
        refused(cashier.post(path, "{\"sku\":\"COF-250\",\"qty\":0,\"reference\":\"WEB-1\"}", null), 400, "invalid-field");
        refused(cashier.post(path, "{\"sku\":\"COF-250\",\"qty\":1}", null), 400, "invalid-field");
        refused(cashier.post(path, "{\"sku\":\"COF-250\",\"qty\":1,\"reference\":\"W\",\"colour\":\"red\"}", null),
                400, null);
        refused(cashier.post(path, "{\"id\":\"nope\",\"sku\":\"COF-250\",\"qty\":1,\"reference\":\"W\"}", null), 400,
                "invalid-field");
        refused(cashier.post(path, "{\"sku\":\"NOPE\",\"qty\":1,\"reference\":\"WEB-1\"}", null), 404, "unknown-product");
        refused(cashier.post(path, "{\"sku\":\"COF-250\",\"qty\":27,\"reference\":\"WEB-1\"}", null), 409,
                "not-enough-stock");
        refused(noStaff.post(path, "{\"sku\":\"COF-250\",\"qty\":1,\"reference\":\"WEB-1\"}", null), 401, "login-required");
        refused(cashier.get(path + "?open=maybe"), 400, "invalid-parameter");
        assertThat(tillEntriesAfter(branch, head)).as("refusals journal nothing").isEmpty();

        String id = java.util.UUID.randomUUID().toString();
        String body = "{\"id\":\"" + id + "\",\"sku\":\"COF-250\",\"qty\":5,\"reference\":\"WEB-1\"}";
        Http.Response reserved = cashier.post(path, body, null);
        assertThat(reserved.status()).as(reserved.body()).isEqualTo(201);
        assertThat(reserved.json().get("available").asLong()).isEqualTo(21);
        JsonNode level = cashier.get("/api/v1/stock/COF-250").json();
        assertThat(level.get("onHand").asLong()).as("a reservation moves nothing").isEqualTo(26);
        assertThat(level.get("reserved").asLong()).isEqualTo(5);
        assertThat(level.get("available").asLong()).isEqualTo(21);
        assertThat(cashier.get("/api/v1/stock").json().get("stock").findValues("available")).isNotEmpty();
        assertThat(cashier.get(path + "?sku=COF-250&open=true").json().get("reservations").findValuesAsText("id"))
                .containsExactly(id);
        head = branch.journal().head().seq();
        refused(cashier.post(path, body, null), 409, "reservation-exists");
        refused(cashier.post(path + "/" + id + "/release", "{}", null), 400, "invalid-field");
        refused(cashier.post(path + "/" + java.util.UUID.randomUUID() + "/release", "{\"reason\":\"x\"}", null), 404,
                "unknown-reservation");
        refused(cashier.get(path + "/" + java.util.UUID.randomUUID()), 404, "unknown-reservation");
        assertThat(tillEntriesAfter(branch, head)).isEmpty();

        Http.Response released = cashier.post(path + "/" + id + "/release", "{\"reason\":\"order cancelled\"}", null);
        assertThat(released.status()).as(released.body()).isEqualTo(200);
        assertThat(released.json().at("/reservation/status").asText()).isEqualTo("RELEASED");
        assertThat(released.json().get("available").asLong()).isEqualTo(26);
        head = branch.journal().head().seq();
        refused(cashier.post(path + "/" + id + "/release", "{\"reason\":\"again\"}", null), 409, "reservation-released");
        assertThat(tillEntriesAfter(branch, head)).isEmpty();
        assertThat(cashier.get("/api/v1/stock/COF-250/movements").json().get("movements").findValuesAsText("type"))
                .startsWith("RELEASE", "RESERVATION");
    }

    private static void refused(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        if (type != null) {
            assertThat(r.json().get("type").asText()).as(r.body()).endsWith(":" + type);
        }
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

    /** Opens a stock movement's JSON with a fresh id, as a screen makes one per movement. */
    private static String movementId() {
        return "{\"id\":\"" + java.util.UUID.randomUUID() + "\",";
    }
}

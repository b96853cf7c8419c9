package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.api.PosTill;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Browser;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import com.wkpos.edge.protocol.SyncCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two front ends together, in one real headless Chromium, against a real HQ and a branch synced to it
 * over the embedded broker: a cashier rings a sale at the branch's POS screen, the HQ operator sees it in
 * the console's sales (as HQ recorded it from the branch's journal), publishes a new price there, and the
 * POS screen then sells at that price, which HQ sees too; with HQ gone the screen sells on.
 */
class HqConsoleToPosScreenIT {
    private static final Path DEMO_CATALOG = Path.of("src/main/resources/demo/catalog.json");
    @TempDir
    Path dir;

    @Test
    void aSaleReachesTheConsoleAndTheConsolesPriceReachesTheTill() throws Exception {
        int mqtt = RealServices.freePort();
        TestLicense license = new TestLicense(dir);
        license.installFor(dir.resolve("b1"));
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqtt, "--tenant", TestLicense.TENANT)), Clock.systemUTC(), List.of())) {
            hq.importCatalog(TestLicense.TENANT, SyncCodec.MAPPER.readTree(Files.readString(DEMO_CATALOG)));
            AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("b1").toString(),
                    "--listen", "127.0.0.1:0", "--demo-catalog", "--devices", "sim", "--demo-till")));
            SyncSettings sync = new SyncSettings("tcp://127.0.0.1:" + mqtt, TestLicense.TENANT, "b1",
                    dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE), Duration.ofSeconds(30), 500, 4, Duration.ofSeconds(2), 200);
            try (Agent branch = Agent.start(config.withSync(Optional.of(sync)), Clock.systemUTC());
                 Browser b = Browser.start(dir.resolve("chromium"), "--ignore-certificate-errors")) {
                SyncIT.await("the branch has HQ's catalog", Duration.ofSeconds(20),
                        () -> branch.sync().orElseThrow().downstreamVersion() >= 1);
                long catalogVersion = branch.sync().orElseThrow().downstreamVersion();
                Http api = Http.paired(branch).login("ben", "2222");
                Http admin = new Http(hq.port(), hq.adminToken().value());

                PosTill till = new PosTill(b).pair(branch, "Till 1").login("anna", "1111").openShift("100");
                long before = quote(api, "COF-250");
                till.enter("COF-250").awaitTotal(before).payCashExact();

                JsonNode atHq = awaitSales(admin, 1).get(0);
                assertThat(atHq.get("total").asLong()).as("HQ recorded the sale the box recorded").isEqualTo(before);
                assertThat(atHq.get("cashier").asText()).isEqualTo("Anna Kassiererin");

                b.open("http://127.0.0.1:" + hq.port() + "/");
                b.type("#token", hq.adminToken().value());
                b.click("#login-form button");
                b.awaitText("#view[data-view=branches]", "b1");
                b.click("nav a[href='#sales']");
                String sales = b.awaitText("#view[data-view=sales]", "Total 1");
                assertThat(sales).contains("b1 1 " + PosTill.money(before), "Anna Kassiererin");

                long newPrice = before + 111;
                b.click("nav a[href='#catalog']");
                b.type("#price-form-sku", "COF-250");
                b.type("#price-form-price", PosTill.money(newPrice).replace(" €", ""));
                b.click("#price-form button");
                b.awaitText("#toast", "COF-250 now costs " + PosTill.money(newPrice));
                SyncIT.await("the branch has the new price", Duration.ofSeconds(20),
                        () -> branch.sync().orElseThrow().downstreamVersion() > catalogVersion);

                b.open(branch.url("127.0.0.1") + "pos/");
                b.visible("#search");
                till.enter("COF-250").awaitTotal(newPrice).payCashExact();
                assertThat(awaitSales(admin, 2).findValues("total").stream().map(JsonNode::asLong))
                        .as("HQ has both sales, the second at its own new price").containsExactlyInAnyOrder(before, newPrice);

                // HQ goes away: the till sells on at the price it has, and the sale waits for HQ in the backlog
                hq.close();
                SyncIT.await("the branch sees HQ gone", Duration.ofSeconds(20),
                        () -> branch.sync().orElseThrow().status().get("connected") != Boolean.TRUE);
                till.enter("COF-250").awaitTotal(newPrice).payCashExact();
                assertThat(b.textOf("#bar-link")).isEqualTo("box reachable");
                assertThat(((Number) branch.sync().orElseThrow().status().get("backlog")).longValue())
                        .as("the sale made with HQ down waits to be sent").isPositive();
                b.assertNoConsoleErrors();
            }
        }
    }

    /** HQ's sales once it has {@code count}. */
    private static JsonNode awaitSales(Http admin, int count) throws Exception {
        JsonNode[] last = new JsonNode[1];
        SyncIT.await("HQ has " + count + " sales", Duration.ofSeconds(20), () -> {
            try {
                last[0] = admin.get("/api/v1/sales").json().get("sales");
                return last[0].size() >= count;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return last[0];
    }

    private static long quote(Http api, String sku) throws Exception {
        return api.post("/api/v1/sales/quote", "{\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":1}]}", null).json()
                .get("total").asLong();
    }
}

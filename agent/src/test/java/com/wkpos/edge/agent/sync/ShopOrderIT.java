package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Await;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.ShopSignature;
import com.wkpos.edge.hq.ShopSimulator;
import com.wkpos.edge.protocol.SyncCodec;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A web-shop order end to end (ADR 014): the shop simulator places it at HQ's webhook while branch nord (a real
 * child process) is SIGKILLed; nord, back, takes it in and reserves it, staff fulfil it and reject another, and
 * the shop hears PROCESSING, SHIPPED and REJECTED once each, then closes the first as DELIVERED. An order that
 * waits for nord longer than HQ's re-route time goes to sued, and nord, back, cancels its copy. A replayed and a
 * badly signed delivery change nothing, and afterwards the shop's stock equals what the two branches hold —
 * embedded Moquette with SQLite, and Mosquitto with PostgreSQL.
 */
class ShopOrderIT {
    private static final String NORD = "nord";
    private static final String SUED = "sued";
    private static final String KEY = "demo-shop-secret-0123456789";
    /** Well above the time nord needs to restart, so only the order meant to move moves. */
    private static final int REROUTE_AFTER_S = 25;

    enum Env { EMBEDDED_SQLITE, MOSQUITTO_POSTGRES }

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private Process nord;

    @AfterEach
    void closeAll() throws Exception {
        if (nord != null) {
            nord.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Env.class)
    void aShopOrderIsFulfilledAtTheBranchThroughAnOutageAndTheShopHearsEachStepOnce(Env env) throws Exception {
        int hqPort = RealServices.freePort();
        ShopSimulator shop = ShopSimulator.start("127.0.0.1", 0, KEY, URI.create("http://127.0.0.1:" + hqPort),
                Clock.systemUTC());
        open.add(shop);
        Path shopConfig = dir.resolve("shop.properties");
        Files.writeString(shopConfig, "shop.url=" + shop.url() + "\nshop.api-key=" + KEY + "\nshop.tenant="
                + TestLicense.TENANT + "\nshop.branch=" + NORD + "\nshop.interval=1\nshop.retry=1\nshop.reroute-after="
                + REROUTE_AFTER_S + "\n");
        Hq hq = RealServices.startHq(dir, env == Env.MOSQUITTO_POSTGRES, open, List.of("--listen",
                "127.0.0.1:" + hqPort, "--shop-config", shopConfig.toString()));
        try (InputStream in = Agent.class.getResourceAsStream("/demo/catalog.json")) {
            hq.importCatalog(TestLicense.TENANT, SyncCodec.MAPPER.readTree(in));
        }
        Http admin = new Http(hq.port(), hq.adminToken().value());
        TestLicense license = new TestLicense(dir);
        Path nordState = dir.resolve(NORD);
        license.installFor(nordState);
        license.installFor(dir.resolve(SUED));
        List<String> nordArgs = license.with(List.of("--state-dir", nordState.toString(), "--demo-catalog",
                "--demo-till", "--broker", hq.brokerUrl(), "--branch", NORD, "--hq-key", hqKey().toString()));
        int nordPort = RealServices.freePort();
        nord = RealServices.agentProcess(dir, nordArgs, "nord-1", nordPort);
        awaitUp(nordPort);
        Agent sued = startSued(license, hq);
        await("HQ knows both branches", () -> hq.branches(TestLicense.TENANT).stream().map(b -> b.get("branch"))
                .toList().containsAll(List.of(NORD, SUED)));

        // nord goes down hard; the shop's order waits at HQ
        nord.destroyForcibly();
        assertThat(nord.waitFor(10, TimeUnit.SECONDS)).isTrue();
        byte[] body = ("{\"deliveryId\":\"d-1\",\"event\":\"order.created\",\"order\":{\"id\":\"web-1001\",\"lines\":"
                + "[{\"sku\":\"COF-250\",\"qty\":3},{\"sku\":\"COF-500\",\"qty\":1}],\"customer\":{\"name\":"
                + "\"Erika Mustermann\",\"email\":\"erika@example.org\"}}}").getBytes(StandardCharsets.UTF_8);
        long now = System.currentTimeMillis() / 1000;
        String signature = ShopSignature.sign(KEY, now, body);
        ShopSimulator.Answer badly = shop.deliver(body, String.valueOf(now), ShopSignature.sign("not-the-key-0123456789",
                now, body));
        assertThat(badly.status()).as(badly.body()).isEqualTo(401);
        ShopSimulator.Answer placed = shop.deliver(body, String.valueOf(now), signature);
        assertThat(placed.status()).as(placed.body()).isEqualTo(202);
        assertThat(shop.deliver(body, String.valueOf(now), signature).status()).as("a replay").isEqualTo(409);
        assertThat(shop.order("web-1001", Map.of("COF-250", 3L, "COF-500", 1L), null).body()).as("sent again")
                .contains("\"duplicate\":true");
        assertThat(status(admin, "/api/v1/shop/orders/web-1001")).isEqualTo("ROUTED");

        nordPort = RealServices.freePort();
        nord = RealServices.agentProcess(dir, nordArgs, "nord-2", nordPort);
        awaitUp(nordPort);
        Http cashier = Http.paired(nordPort, nordState).login("anna", "1111");
        await("nord took the order in", () -> status(cashier, "/api/v1/orders/web-1001").equals("PROCESSING"));
        assertThat(cashier.get("/api/v1/orders?status=PROCESSING").json().get("orders")).hasSize(1);
        assertThat(cashier.get("/api/v1/orders?status=LOST").status()).isEqualTo(400);
        assertThat(cashier.get("/api/v1/openapi.json").json().get("paths").has("/api/v1/orders/{id}/fulfill")).isTrue();
        assertThat(cashier.get("/api/v1/stock/reservations?open=true").body()).contains("order web-1001");
        await("the shop hears it is processing", () -> shop.statuses("web-1001").equals(List.of("PROCESSING")));

        Http.Response shipped = cashier.post("/api/v1/orders/web-1001/fulfill", "", null);
        assertThat(shipped.status()).as(shipped.body()).isEqualTo(200);
        assertThat(shipped.json().get("status").asText()).isEqualTo("SHIPPED");
        assertThat(cashier.post("/api/v1/orders/web-1001/fulfill", "", null).json().get("status").asText())
                .as("a retry").isEqualTo("SHIPPED");
        assertThat(cashier.post("/api/v1/orders/web-1001/reject", "{\"reason\":\"late\"}", null).status())
                .isEqualTo(409);
        await("the shop hears it shipped", () -> shop.statuses("web-1001").equals(List.of("PROCESSING", "SHIPPED")));

        assertThat(shop.order("web-1002", Map.of("COF-500", 2L), Map.of("name", "Max")).status()).isEqualTo(202);
        await("nord took the second order in", () -> status(cashier, "/api/v1/orders/web-1002").equals("PROCESSING"));
        assertThat(cashier.post("/api/v1/orders/web-1002/reject", "{}", null).status()).as("no reason").isEqualTo(400);
        assertThat(cashier.post("/api/v1/orders/web-1002/reject", "{\"reason\":\"bags torn\"}", null).json()
                .get("status").asText()).isEqualTo("REJECTED");
        await("the shop hears of the rejection and why", () -> shop.reports().stream().anyMatch(r ->
                r.orderId().equals("web-1002") && r.status().equals("REJECTED") && "bags torn".equals(r.reason())));

        assertThat(shop.delivered("web-1001").status()).isEqualTo(202);
        await("nord closes it as delivered", () -> status(cashier, "/api/v1/orders/web-1001").equals("DELIVERED"));
        assertThat(shop.statuses("web-1001")).containsExactly("PROCESSING", "SHIPPED");
        assertThat(shop.statuses("web-1002")).containsExactly("PROCESSING", "REJECTED");
        assertThat(shop.refused()).isEmpty();

        // nord down again, for longer than HQ waits: the next order goes to sued, and nord, back, cancels its copy
        nord.destroyForcibly();
        assertThat(nord.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(shop.order("web-1003", Map.of("COF-1000", 2L), null).status()).isEqualTo(202);
        Http suedCashier = Http.paired(sued).login("anna", "1111");
        Await.until("HQ re-routed the order to sued", Duration.ofSeconds(REROUTE_AFTER_S + 60), () ->
                status(suedCashier, "/api/v1/orders/web-1003").equals("PROCESSING"));
        assertThat(admin.get("/api/v1/shop/orders/web-1003").json().get("branch").asText()).isEqualTo(SUED);
        assertThat(suedCashier.post("/api/v1/orders/web-1003/fulfill", "", null).status()).isEqualTo(200);
        nordPort = RealServices.freePort();
        nord = RealServices.agentProcess(dir, nordArgs, "nord-3", nordPort);
        awaitUp(nordPort);
        Http nordAgain = Http.paired(nordPort, nordState).login("anna", "1111");
        await("nord cancelled its copy", () -> status(nordAgain, "/api/v1/orders/web-1003").equals("CANCELLED"));
        assertThat(nordAgain.get("/api/v1/stock/reservations?open=true").body()).doesNotContain("order web-1003");
        assertThat(nordAgain.post("/api/v1/orders/web-1003/fulfill", "", null).status()).as("no second shipment")
                .isEqualTo(409);
        await("the shop hears sued shipped it", () -> shop.statuses("web-1003").equals(List.of("PROCESSING", "SHIPPED")));
        assertThat(shop.reports().stream().filter(r -> r.orderId().equals("web-1003")).map(ShopSimulator.Report::branch))
                .containsOnly(SUED);

        Agent quiet = sued;
        await("sued uploaded everything", () -> quiet.sync().orElseThrow().status().get("backlog").equals(0L));
        await("the shop's stock is what the branches hold", () -> {
            try {
                Map<String, Long> atShop = shop.stock();
                for (String sku : List.of("COF-250", "COF-500", "COF-1000")) {
                    long held = onHand(nordState.resolve("journal.db"), sku) + onHand(dir.resolve(SUED)
                            .resolve("journal.db"), sku);
                    if (!Long.valueOf(held).equals(atShop.get(sku))) {
                        return false;
                    }
                }
                return true;
            } catch (Exception e) {
                return false;
            }
        });
        assertThat(onHand(nordState.resolve("journal.db"), "COF-250")).as("three left nord").isEqualTo(40 - 3);
        assertThat(hq.alarms()).isEmpty();
        nord.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        open.remove(sued);
        sued.close();
        assertThat(Agent.verifier().verify(nordState).findings()).isEmpty();
    }

    private static long onHand(Path journal, String sku) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journal);
             PreparedStatement ps = c.prepareStatement("SELECT on_hand FROM stock WHERE sku = ?")) {
            ps.setString(1, sku);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static String status(Http http, String path) {
        try {
            Http.Response r = http.get(path);
            return r.status() == 200 ? r.json().path("status").asText() : "HTTP " + r.status();
        } catch (IOException | InterruptedException e) {
            return "unreachable";
        }
    }

    private Path hqKey() {
        return dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE);
    }

    private Agent startSued(TestLicense license, Hq hq) {
        AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve(SUED).toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till")));
        SyncSettings s = new SyncSettings(hq.brokerUrl(), TestLicense.TENANT, SUED, hqKey(), Duration.ofSeconds(30), 500,
                4, Duration.ofSeconds(2), 200);
        Agent agent = Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
        open.add(agent);
        return agent;
    }

    private void awaitUp(int port) {
        Http http = new Http(port);
        await("nord answers on " + port, () -> {
            try {
                return http.get("/api/v1/health").status() == 200;
            } catch (IOException | InterruptedException notYet) {
                return false;
            }
        });
    }

    /** Waits for {@code condition}; nord dying meanwhile fails at once, with its exit code. */
    private void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(60), () -> {
            if (nord != null && !nord.isAlive()) {
                throw new AssertionError("nord exited with " + nord.exitValue() + " before: " + what);
            }
            return condition.getAsBoolean();
        });
    }
}

package com.wkpos.edge.agent.license;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.license.LicenseAuthority;
import com.wkpos.edge.hq.license.LicenseRoutes;
import com.wkpos.edge.provisioning.crypto.Ed25519Key;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HQ's license authority and real branch agents, over real HTTP: a tenant registers with a serial,
 * a box activates at its first heartbeat, the next box hits the device limit, and a revoked tenant's
 * box locks at its next heartbeat. The heartbeat is relayed through the boxes' LAN API here; the
 * same request and reply tokens travel over MQTT once the sync link carries them.
 */
class LicenseFlowIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALE = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],"
            + "\"payments\":[{\"method\":\"CASH\",\"amount\":1000}]}";
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> running = new ArrayList<>();
    @TempDir
    Path dir;
    private String hq;
    /** Each agent's base URL → the bearer token of the screen paired with it. */
    private final java.util.Map<String, String> screens = new java.util.HashMap<>();
    private final java.util.Map<String, String> cashiers = new java.util.HashMap<>();
    private final java.util.Set<String> shiftOpen = new java.util.HashSet<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : running.reversed()) {
            c.close();
        }
    }

    @Test
    void activateHitTheDeviceLimitRenewAndRevoke() throws Exception {
        LicenseAuthority authority = new LicenseAuthority(sqlite(dir.resolve("hq")),
                Ed25519Key.generate(new SecureRandom()), "wk-hq", Clock.systemUTC());
        Javalin app = Javalin.create(c -> c.showJavalinBanner = false);
        LicenseRoutes.register(app, authority);
        app.start("127.0.0.1", 0);
        running.add(app::stop);
        hq = "http://127.0.0.1:" + app.port();

        String serial = send("POST", hq + "/admin/license/serials",
                "{\"plan\":\"pro\",\"modules\":[\"loyalty\"],\"maxDevices\":1,\"validDays\":365}", 201).get("serial").asText();
        JsonNode tenant = send("POST", hq + "/admin/license/tenants", "{\"serial\":\"" + serial + "\",\"tenant\":\"acme\"}", 201);
        String tenantLicense = tenant.get("license").asText();
        Path keys = dir.resolve("hq.keys.jwks");
        Files.writeString(keys, request("GET", hq + "/admin/license/keys", null).body());

        String a = startAgent("a", keys);
        assertThat(send("PUT", a + "/api/v1/license", tenantLicense, 200).get("license").get("activated").asBoolean()).isFalse();
        assertProblem(request("POST", a + "/api/v1/sales", SALE), 403, "license-locked");
        heartbeat(a);
        JsonNode licenseA = send("GET", a + "/api/v1/license", null, 200);
        assertThat(licenseA.get("level").asText()).isEqualTo("FULL");
        assertThat(licenseA.get("activated").asBoolean()).isTrue();
        assertThat(request("POST", a + "/api/v1/sales", SALE).statusCode()).isEqualTo(201);

        String b = startAgent("b", keys);
        send("PUT", b + "/api/v1/license", tenantLicense, 200);
        heartbeat(b);
        assertProblem(request("POST", b + "/api/v1/sales", SALE), 403, "device-limit-reached");
        assertThat(request("GET", b + "/api/v1/products?q=coffee", null).statusCode()).isEqualTo(200);
        String thumbprintB = send("GET", b + "/api/v1/license", null, 200).get("device").asText();
        assertProblem(request("POST", hq + "/admin/license/tenants/acme/devices", "{\"device\":\"" + thumbprintB + "\"}"),
                409, "device-limit-reached");

        String thumbprintA = licenseA.get("device").asText();
        send("DELETE", hq + "/admin/license/tenants/acme/devices/" + thumbprintA, null, 200);
        heartbeat(b);
        assertThat(request("POST", b + "/api/v1/sales", SALE).statusCode()).as("b took the freed seat").isEqualTo(201);
        heartbeat(a);
        assertProblem(request("POST", a + "/api/v1/sales", SALE), 403, "license-locked");

        send("POST", hq + "/admin/license/tenants/acme/revoke", "", 200);
        heartbeat(b);
        assertProblem(request("POST", b + "/api/v1/sales", SALE), 403, "license-locked");
        assertThat(send("GET", b + "/api/v1/license", null, 200).get("detail").asText()).contains("revoked");
        JsonNode view = send("GET", hq + "/admin/license/tenants/acme", null, 200);
        assertThat(view.get("status").asText()).isEqualTo("REVOKED");
        assertThat(view.get("devices")).hasSize(2);
        assertProblem(request("POST", hq + "/admin/license/renew", "not-a-token"), 400, "invalid-renewal-request");
    }

    private String startAgent(String name, Path keys) throws Exception {
        Agent agent = Agent.start(AgentConfig.parse(List.of("--state-dir", dir.resolve(name).toString(), "--listen",
                "127.0.0.1:0", "--plain-http", "--demo-catalog", "--demo-till", "--license-keys", keys.toString(), "--tenant", "acme")),
                Clock.systemUTC());
        running.add(agent);
        String url = "http://127.0.0.1:" + agent.port();
        // a screen pairs for real: a fresh code, traded once for its token
        String code = agent.pairing().issueCode("test").code();
        screens.put(url, send("POST", url + "/api/v1/pairing", "{\"code\":\"" + code + "\",\"name\":\"Till\"}", 201)
                .get("token").asText());
        return url;
    }

    /** One heartbeat, relayed: the box's signed request to HQ, HQ's signed reply back to the box. */
    private void heartbeat(String agent) throws Exception {
        String request = send("POST", agent + "/api/v1/license/renewal-request", "", 200).get("request").asText();
        HttpResponse<String> reply = request("POST", hq + "/admin/license/renew", request);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        send("POST", agent + "/api/v1/license/renewal-reply", reply.body(), 200);
    }

    private JsonNode send(String method, String url, String body, int expected) throws Exception {
        HttpResponse<String> r = request(method, url, body);
        assertThat(r.statusCode()).as(method + " " + url + ": " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    private HttpResponse<String> request(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        screens.entrySet().stream().filter(e -> url.startsWith(e.getKey() + "/api/v1/")).findFirst()
                .ifPresent(e -> b.header("Authorization", "Bearer " + e.getValue()));
        if (url.endsWith("/api/v1/sales")) {
            b.header("Idempotency-Key", UUID.randomUUID().toString());
            String cashier = cashierOf(url.substring(0, url.length() - "/api/v1/sales".length()));
            if (cashier != null) {
                b.header("X-WK-Staff", cashier);
            }
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Cashier anna's session on the box at {@code url}, with her shift open, once the license lets her log in
     * (null before): a sale is refused for the license, not for want of a cashier or a shift.
     */
    private String cashierOf(String url) throws Exception {
        String session = cashiers.get(url);
        if (session == null) {
            HttpResponse<String> login = request("POST", url + "/api/v1/staff/login",
                    "{\"staffId\":\"anna\",\"pin\":\"1111\"}");
            if (login.statusCode() != 201) {
                return null; // a locked box lets nobody log in: the sale is refused for the license
            }
            session = JSON.readTree(login.body()).get("token").asText();
            cashiers.put(url, session);
        }
        if (!shiftOpen.contains(url)) {
            HttpRequest.Builder open = HttpRequest.newBuilder(URI.create(url + "/api/v1/shifts"))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + screens.get(url))
                    .header("X-WK-Staff", session).POST(HttpRequest.BodyPublishers.ofString("{\"openingFloat\":0}"));
            HttpResponse<String> r = http.send(open.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 201 || r.body().contains("shift-already-open")) {
                shiftOpen.add(url);
            }
        }
        return session;
    }

    private static void assertProblem(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:wk-edge:problem:" + type);
    }

    private static javax.sql.DataSource sqlite(Path dir) throws java.io.IOException {
        Files.createDirectories(dir);
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5_000);
        config.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
        org.sqlite.SQLiteDataSource ds = new org.sqlite.SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + dir.resolve("hq-license.db"));
        return ds;
    }
}

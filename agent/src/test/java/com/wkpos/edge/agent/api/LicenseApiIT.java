package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.provisioning.license.RenewalReply;
import com.wkpos.edge.provisioning.license.RenewalRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The license gate over real HTTP: every 403 type, selling in SALES_ONLY, reading while locked, renewal relayed. */
class LicenseApiIT {
    private static final String SALE = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],"
            + "\"payments\":[{\"method\":\"CASH\",\"amount\":1000}]}";

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(Instant.now());
    private Agent agent;
    private Http http;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private void start(List<String> extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till"));
        args.addAll(extra);
        agent = Agent.start(AgentConfig.parse(args), clock, clock::nanos);
        http = Http.paired(agent);
    }

    private Http till;

    /** Sells as cashier anna, opening her shift at the first sale. */
    private Http.Response sell() throws Exception {
        till = till != null ? till : http.loggedIn("anna", "1111", 10_000);
        return till.post("/api/v1/sales", SALE, UUID.randomUUID().toString());
    }

    private static void assertProblem(Http.Response r, int status, String type) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("type").asText()).isEqualTo("urn:wk-edge:problem:" + type);
    }

    @Test
    void theLadderGatesTheApiAndARelayedRenewalBringsTheBoxBack() throws Exception {
        TestLicense vendor = new TestLicense(dir);
        Path state = dir.resolve("state");
        String device = com.wkpos.edge.agent.license.DeviceKey.loadOrCreate(state).kid();
        String token = vendor.issue(vendor.claims(device, 1, clock.instant(), List.of("loyalty")));
        start(vendor.args());
        assertThat(http.put("/api/v1/license", token).status()).isEqualTo(200);

        String sold = sell().json().get("id").asText();
        assertThat(sell().status()).isEqualTo(201);
        assertProblem(http.get("/api/v1/reports/trial-balance"), 403, "module-not-in-plan");
        assertProblem(http.get("/api/v1/reports/monthly?from=2026-01-01&to=2026-12-31"), 403, "module-not-in-plan");
        JsonNode health = http.get("/api/v1/health").json().get("license");
        assertThat(health.get("level").asText()).isEqualTo("FULL");
        assertThat(health.get("device").asText()).isEqualTo(device);

        clock.advance(Duration.ofHours(30));
        till = null; // her staff session ended with the hours gone by: she logs in again
        agent.licensing().check();
        assertThat(http.get("/api/v1/health").json().get("license").get("level").asText()).isEqualTo("WARNING");
        assertThat(http.get("/").body()).contains("<h2>License</h2>", "WARNING");
        assertThat(sell().status()).isEqualTo(201);

        clock.advance(Duration.ofHours(50));
        till = null;
        agent.licensing().check();
        assertThat(sell().status()).as("selling goes on in SALES_ONLY").isEqualTo(201);
        assertThat(http.post("/api/v1/sales/" + sold + "/receipt", "", null).status()).isEqualTo(202);
        assertProblem(till.post("/api/v1/sales/" + sold + "/refund", "{}", null), 403, "license-expired");
        assertThat(http.get("/metrics").body()).contains("wk_edge_license_level 2");

        clock.advance(Duration.ofDays(30));
        till = null;
        agent.licensing().check();
        Http.Response locked = http.post("/api/v1/sales", SALE, UUID.randomUUID().toString()); // nobody logs in now
        assertProblem(locked, 403, "license-expired");
        assertThat(locked.json().get("detail").asText()).contains("reading and exporting data still works");
        assertThat(http.get("/api/v1/sales/" + sold).status()).as("data stays readable").isEqualTo(200);
        assertThat(http.get("/api/v1/products?q=coffee").status()).isEqualTo(200);

        String request = http.post("/api/v1/license/renewal-request", "", null).json().get("request").asText();
        RenewalRequest r = RenewalRequest.verify(request);
        String reply = new RenewalReply("wk-test-hq", r.tenant(), r.device(), r.nonce(), clock.instant(),
                RenewalReply.Status.ACTIVE, Optional.of(token), "").sign(vendor.hq);
        assertThat(http.post("/api/v1/license/renewal-reply", reply, null).status()).isEqualTo(200);
        assertThat(sell().status()).isEqualTo(201);
        assertProblem(http.post("/api/v1/license/renewal-reply", reply, null), 422, "license-rejected");
        assertThat(http.get("/api/v1/license").json().get("level").asText()).isEqualTo("FULL");
    }

    @Test
    void anAgentWithoutALicenseStartsLockedReadableAndSaysWhy() throws Exception {
        start(List.of());
        JsonNode license = http.get("/api/v1/health").json().get("license");
        assertThat(license.get("level").asText()).isEqualTo("LOCKED");
        assertThat(license.get("detail").asText()).contains("no license installed");
        assertProblem(http.post("/api/v1/sales", SALE, UUID.randomUUID().toString()), 403, "license-locked");
        assertThat(http.get("/api/v1/products?q=coffee").status()).isEqualTo(200);
        assertThat(http.get("/api/v1/openapi.json").body()).contains("/api/v1/license/renewal-reply");
        assertProblem(http.put("/api/v1/license", "not.a.token"), 422, "license-rejected");
    }

    @Test
    void aBadTokenOverHttpIsRefusedAndTheLicenseStays() throws Exception {
        TestLicense vendor = new TestLicense(dir);
        vendor.installFor(dir.resolve("state"));
        start(vendor.args());
        JsonNode before = http.get("/api/v1/license").json();
        TestLicense stranger = new TestLicense(dir.resolve("x"));
        Http.Response r = http.put("/api/v1/license", stranger.issue(stranger.claims(before.get("device").asText(), 9,
                clock.instant(), List.of())));
        assertProblem(r, 422, "license-rejected");
        assertThat(r.json().get("detail").asText()).startsWith("unknown-key");
        assertProblem(http.put("/api/v1/license", "x".repeat(70_000)), 413, "payload-too-large");
        assertThat(http.get("/api/v1/license").json()).isEqualTo(before);
        assertThat(sell().status()).isEqualTo(201);
    }
}

package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.license.LicenseStatus;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import com.wkpos.edge.hq.license.HqLicense;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The license renews over the sync link, end to end: a real HQ (embedded broker, SQLite) registers a tenant;
 * boxes that only pin HQ's license key activate at their first heartbeat, the second box hits the device
 * limit, and a revoked tenant locks the first box at its next heartbeat.
 */
class LicenseRenewalIT {
    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();
    private int mqttPort;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void boxesActivateRenewAndLockOverMqtt() throws Exception {
        mqttPort = RealServices.freePort();
        Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen", "127.0.0.1:0",
                "--tenant", "acme", "--mqtt-listen", "127.0.0.1:" + mqttPort)), Clock.systemUTC(), List.of());
        open.add(hq);
        Http admin = new Http(hq.port(), hq.adminToken().value());
        Http.Response serial = admin.post("/admin/license/serials", """
                {"plan": "pro", "modules": ["accounting", "loyalty"], "maxDevices": 1, "validDays": 365}""", null);
        assertThat(serial.status()).isEqualTo(201);
        assertThat(admin.post("/admin/license/tenants", "{\"serial\": \"" + serial.json().get("serial").asText()
                + "\", \"tenant\": \"acme\"}", null).status()).isEqualTo(201);

        Agent first = startAgent("nord");
        SyncIT.await("first box licensed by HQ", Duration.ofSeconds(20),
                () -> first.licensing().status().level() == LicenseStatus.Level.FULL);
        assertThat(first.licensing().status().claims().orElseThrow().tenant()).isEqualTo("acme");

        Agent second = startAgent("sued");
        SyncIT.await("second box told the device limit is reached", Duration.ofSeconds(20),
                () -> "device-limit-reached".equals(second.licensing().status().problem()));
        assertThat(second.licensing().status().locked()).isTrue();

        assertThat(admin.post("/admin/license/tenants/acme/revoke", "", null).status()).isEqualTo(200);
        SyncIT.await("revoked tenant locks the first box at its next heartbeat", Duration.ofSeconds(20),
                () -> first.licensing().status().locked());
        assertThat(hq.metrics().get("wk_hq_license_renewals_total")).isGreaterThanOrEqualTo(3);
    }

    private Agent startAgent(String branch) {
        AgentConfig config = AgentConfig.parse(List.of("--state-dir", dir.resolve(branch).toString(), "--listen",
                "127.0.0.1:0", "--tenant", "acme", "--license-keys",
                dir.resolve("hq").resolve(HqLicense.PINNED_KEYS_FILE).toString()));
        SyncSettings s = new SyncSettings("tcp://127.0.0.1:" + mqttPort, "acme", branch,
                dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE), Duration.ofMillis(300), 500, 4, Duration.ofSeconds(2), 200);
        Agent agent = Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
        open.add(agent);
        return agent;
    }
}

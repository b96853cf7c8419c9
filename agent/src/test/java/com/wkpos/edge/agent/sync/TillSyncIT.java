package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and exchange rates set at HQ reach a running branch over the embedded broker and work at its
 * till: the new cashier logs in with her PIN, foreign cash is taken at HQ's rate; after a restart
 * without HQ the branch still has both. A users section with a clear PIN never leaves HQ.
 */
class TillSyncIT {
    @TempDir
    Path dir;
    private TestLicense license;

    @Test
    void aUserAndARateSetAtHqWorkAtTheBranchTill() throws Exception {
        int mqtt = RealServices.freePort();
        String sale = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],"
                + "\"payments\":[{\"method\":\"CASH\",\"amount\":5000,\"currency\":\"CHF\"}]}";
        try (Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen",
                "127.0.0.1:0", "--mqtt-listen", "127.0.0.1:" + mqtt, "--tenant", TestLicense.TENANT)), Clock.systemUTC(), List.of())) {
            Http admin = new Http(hq.port(), hq.adminToken().value());
            String users = "[{\"id\":\"ana\",\"name\":\"Ana\",\"role\":\"CASHIER\",\"pinHash\":\"" + PinHash.hash("2468")
                    + "\"}]";
            Http.Response clear = admin.put("/api/v1/sections/users",
                    "[{\"id\":\"bob\",\"name\":\"Bob\",\"role\":\"CASHIER\",\"pin\":\"1357\"}]");
            assertThat(clear.status()).isEqualTo(422);
            assertThat(clear.contentType()).startsWith("application/problem+json");
            assertThat(clear.body()).contains("clear pin");
            assertThat(admin.put("/api/v1/sections/exchangeRates", "[{\"currency\":\"chf\",\"rate\":\"0\"}]").status())
                    .isEqualTo(422);

            try (Agent branch = startAgent(mqtt)) {
                Http till = Http.paired(branch);
                SyncIT.await("the branch is connected", Duration.ofSeconds(20),
                        () -> branch.sync().orElseThrow().status().get("connected") == Boolean.TRUE);
                assertThat(till.post("/api/v1/staff/login", "{\"staffId\":\"ana\",\"pin\":\"2468\"}", null).status())
                        .isEqualTo(401);
                assertThat(till.post("/api/v1/sales", sale, UUID.randomUUID().toString()).status())
                        .as("nobody can log in to sell before HQ's users arrive").isEqualTo(401);

                assertThat(admin.put("/api/v1/sections/users", users).status()).isEqualTo(201);
                assertThat(admin.put("/api/v1/sections/exchangeRates", "[{\"currency\":\"CHF\",\"rate\":\"1.10\"}]")
                        .status()).isEqualTo(201);
                SyncIT.await("both versions applied", Duration.ofSeconds(20),
                        () -> branch.sync().orElseThrow().downstreamVersion() == 2);
                Http.Response paid = till.loggedIn("ana", "2468", 0).post("/api/v1/sales", sale, UUID.randomUUID().toString());
                assertThat(paid.status()).as(paid.body()).isEqualTo(201);
                assertThat(paid.body()).contains("CHF").contains("1.10");
            }
        }
        try (Agent again = startAgent(RealServices.freePort())) {
            Http till = Http.paired(again);
            assertThat(till.post("/api/v1/staff/login", "{\"staffId\":\"ana\",\"pin\":\"2468\"}", null).status())
                    .as("HQ's users are back after a restart, HQ unreachable").isEqualTo(201);
            Http.Response resold = till.loggedIn("ana", "2468", 0).post("/api/v1/sales", sale, UUID.randomUUID().toString());
            assertThat(resold.status()).as(resold.body()).isEqualTo(201);
        }
    }

    private Agent startAgent(int mqtt) {
        if (license == null) {
            license = new TestLicense(dir);
            license.installFor(dir.resolve("b1"));
        }
        AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("b1").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog")));
        SyncSettings s = new SyncSettings("tcp://127.0.0.1:" + mqtt, TestLicense.TENANT, "b1",
                dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE), Duration.ofSeconds(30), 500, 4, Duration.ofSeconds(2), 200);
        return Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
    }
}

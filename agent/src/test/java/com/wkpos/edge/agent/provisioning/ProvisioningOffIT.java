package com.wkpos.edge.agent.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package built without the vendor's provisioning keys ships an empty key set: the agent starts and sells as
 * usual, with USB-key provisioning off instead of failing at start.
 */
class ProvisioningOffIT {
    @TempDir
    Path dir;

    @Test
    void anEmptyProvisioningKeySetKeepsTheWatcherOffAndTheAgentUp() throws Exception {
        Path keys = Files.writeString(dir.resolve("provisioning-keys.jwks"), "{\"keys\":[]}\n");
        Path state = dir.resolve("state");
        TestLicense license = new TestLicense(dir);
        license.installFor(state);
        try (Agent agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", state.toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--provisioning-keys", keys.toString()))), Clock.systemUTC())) {
            Http.Response health = Http.unpaired(agent).get("/api/v1/health");
            assertThat(health.status()).isEqualTo(200);
            assertThat(health.json().has("sync")).as("no sync section without HQ or provisioning").isFalse();
            assertThat(agent.sync()).isEmpty();
        }
    }
}

package com.wkpos.edge.agent.till;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PIN lock is kept in the journal: restarting the agent is no way around five wrong PINs. */
class StaffLockoutIT {
    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(Instant.now());
    private TestLicense license;
    private Agent agent;
    private TillClient till;

    @BeforeEach
    void start() throws Exception {
        license = new TestLicense(dir);
        license.installFor(dir.resolve("state"));
        startAgent();
    }

    @AfterEach
    void stop() throws Exception {
        agent.close();
        assertThat(Agent.verifier().verify(dir.resolve("state")).findings()).as("replay equals the lock table").isEmpty();
    }

    private void startAgent() throws Exception {
        agent = Agent.start(AgentConfig.parse(license.with(List.of("--state-dir", dir.resolve("state").toString(),
                "--listen", "127.0.0.1:0", "--demo-catalog", "--demo-till"))), clock);
        till = new TillClient(agent);
    }

    @Test
    void aLockSurvivesARestartUntilFifteenMinutesHavePassed() throws Exception {
        for (int i = 1; i <= 4; i++) {
            assertThat(login("anna", "0000").statusCode()).isEqualTo(401);
        }
        agent.close();
        startAgent();
        assertThat(problemType(login("anna", "0000"))).as("the fifth wrong PIN counts the four before the restart")
                .isEqualTo("urn:wk-edge:problem:staff-locked");
        agent.close();
        startAgent();
        assertThat(problemType(login("anna", "1111"))).as("still locked after a restart, even with the right PIN")
                .isEqualTo("urn:wk-edge:problem:staff-locked");
        assertThat(login("maria", "9999").statusCode()).as("only that user is locked").isEqualTo(201);
        clock.advance(Duration.ofMinutes(14));
        agent.close();
        startAgent();
        assertThat(login("anna", "1111").statusCode()).isEqualTo(423);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(login("anna", "1111").statusCode()).as("the lock ran out").isEqualTo(201);
        assertThat(login("anna", "0000").statusCode()).isEqualTo(401);
        agent.close();
        startAgent();
        HttpResponse<String> fresh = login("anna", "0000");
        assertThat(Http.JSON.readTree(fresh.body()).get("detail").asText())
                .as("the right PIN started a new count; a restart keeps it").contains("3 tries left");
    }

    private HttpResponse<String> login(String id, String pin) throws Exception {
        return till.send("POST", "/api/v1/staff/login", "{\"staffId\":\"" + id + "\",\"pin\":\"" + pin + "\"}", null,
                UUID.randomUUID().toString());
    }

    private static String problemType(HttpResponse<String> r) throws Exception {
        JsonNode body = Http.JSON.readTree(r.body());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(423);
        return body.get("type").asText();
    }
}

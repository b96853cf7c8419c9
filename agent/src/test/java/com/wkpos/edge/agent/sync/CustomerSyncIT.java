package com.wkpos.edge.agent.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.hq.Hq;
import com.wkpos.edge.hq.HqConfig;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * Customer profiles both ways over the embedded broker: a customer made at branch A appears at branch B;
 * edits made at both branches at nearly the same time end as the same profile at A, at B and at HQ
 * (last writer wins on the HLC, the device id breaking ties), and nothing echoes back and forth.
 */
class CustomerSyncIT {
    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private TestLicense license;

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open.reversed()) {
            c.close();
        }
    }

    @Test
    void aCustomerMadeAtOneBranchAppearsAtTheOtherAndConcurrentEditsConverge() throws Exception {
        int mqtt = RealServices.freePort();
        Hq hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen", "127.0.0.1:0",
                "--mqtt-listen", "127.0.0.1:" + mqtt, "--tenant", TestLicense.TENANT)), Clock.systemUTC(), List.of());
        open.add(hq);
        license = new TestLicense(dir);
        Agent a = startAgent("a", mqtt);
        Agent b = startAgent("b", mqtt);
        Till tillA = new Till(a);
        Till tillB = new Till(b);

        JsonNode made = tillA.send("POST", "/api/v1/customers", "{\"name\":\"Ana\",\"email\":\"ana@example.com\"}", 201);
        String id = made.get("id").asText();
        SyncIT.await("the customer reaches branch b", Duration.ofSeconds(20), () -> "Ana".equals(tillB.name(id)));
        assertThat(tillB.customer(id).get("email").asText()).isEqualTo("ana@example.com");

        tillA.send("PUT", "/api/v1/customers/" + id, "{\"name\":\"Ana from A\"}", 200);
        tillB.send("PUT", "/api/v1/customers/" + id, "{\"name\":\"Ana from B\"}", 200);
        SyncIT.await("A, B and HQ agree", Duration.ofSeconds(30), () -> {
            String atHq = hq.customer(TestLicense.TENANT, id).map(c -> ((JsonNode) c.get("fields")).path("name").asText())
                    .orElse(null);
            return atHq != null && atHq.equals(tillA.name(id)) && atHq.equals(tillB.name(id))
                    && drained(a) && drained(b);
        });
        String winner = tillA.name(id);
        assertThat(winner).isIn("Ana from A", "Ana from B");
        long version = a.sync().orElseThrow().downstreamVersion();
        assertThat(version).as("one version per profile change, no echo").isLessThanOrEqualTo(3);
        assertThat(hq.alarms()).isEmpty();
    }

    private Agent startAgent(String branch, int mqtt) {
        Path state = dir.resolve(branch);
        license.installFor(state);
        AgentConfig config = AgentConfig.parse(license.with(List.of("--state-dir", state.toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--demo-till")));
        SyncSettings s = new SyncSettings("tcp://127.0.0.1:" + mqtt, TestLicense.TENANT, branch,
                dir.resolve("hq").resolve(Hq.PUBLIC_KEY_FILE), Duration.ofSeconds(30), 500, 4, Duration.ofSeconds(2), 200);
        Agent agent = Agent.start(config.withSync(Optional.of(s)), Clock.systemUTC());
        open.add(agent);
        return agent;
    }

    /** A branch's till with a logged-in manager. */
    private static final class Till {
        private final Http http;
        private final String token;

        Till(Agent agent) throws Exception {
            http = Http.paired(agent);
            Http.Response login = http.post("/api/v1/staff/login", "{\"staffId\":\"maria\",\"pin\":\"9999\"}", null);
            assertThat(login.status()).as(login.body()).isEqualTo(201);
            token = login.json().get("token").asText();
        }

        JsonNode send(String method, String path, String body, int expect) throws Exception {
            HttpResponse<String> r = http.client().send(HttpRequest.newBuilder(http.uri(path))
                    .header("Content-Type", "application/json").header("X-WK-Staff", token)
                    .header("Authorization", "Bearer " + http.token())
                    .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(expect);
            return Http.JSON.readTree(r.body());
        }

        JsonNode customer(String id) throws IOException, InterruptedException {
            Http.Response r = http.get("/api/v1/customers/" + id);
            return r.status() == 200 ? r.json() : null;
        }

        String name(String id) {
            try {
                JsonNode c = customer(id);
                return c == null ? null : c.get("name").asText();
            } catch (IOException | InterruptedException e) {
                return null;
            }
        }
    }

    private static boolean drained(Agent agent) {
        return Long.valueOf(0).equals(agent.sync().orElseThrow().status().get("backlog"));
    }
}

package com.wkpos.edge.agent.crash;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.journal.JournalVerifier;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM runs the agent while clients ring sales; it is killed with SIGKILL at random moments.
 * After every restart each sale a client got a 2xx for is there exactly once, a retry with the same
 * key never makes a second sale, and {@code journal verify} passes.
 */
class CrashIT {
    private static final int KILLS = 22;
    private static final int CLIENTS = 4;

    @TempDir
    Path dir;
    private TestLicense license;
    private String token;

    /** What a client sent under a key; {@code saleId} is set once it got a 201. */
    private record Sent(String body, String saleId) {
    }

    @Test
    void everyAcknowledgedSaleSurvivesSigkillExactlyOnce() throws Exception {
        Path state = dir.resolve("state");
        license = new TestLicense(dir);
        license.installFor(state);
        Map<String, Sent> sent = new ConcurrentHashMap<>();
        Random random = new Random(20261121);
        for (int round = 0; round < KILLS; round++) {
            int port = freePort();
            Process agent = startAgent(state, port, round);
            awaitUp(new Http(port), agent);
            // paired once, through the CLI's code drop; the token survives every restart
            token = token != null ? token : Http.paired(port, state).token();
            // staff sessions live in memory: cashier anna logs in again after every restart (her shift stays open)
            Http http = new Http(port, token).loggedIn("anna", "1111", 10_000);
            settleInDoubt(http, sent);
            AtomicBoolean stop = new AtomicBoolean();
            try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    long seed = random.nextLong();
                    running.add(clients.submit(() -> ring(http, sent, stop, new Random(seed))));
                }
                int runFor = 50 + random.nextInt(400);
                assertThat(agent.waitFor(runFor, TimeUnit.MILLISECONDS)).as("agent died by itself").isFalse();
                agent.destroyForcibly();
                assertThat(agent.waitFor(10, TimeUnit.SECONDS)).isTrue();
                stop.set(true);
                for (Future<?> f : running) {
                    f.get(30, TimeUnit.SECONDS);
                }
            }
            JournalVerifier.Report report = Agent.verifier().verify(state);
            assertThat(report.ok()).as("round %d: %s", round, report.findings()).isTrue();
        }
        int port = freePort();
        Process agent = startAgent(state, port, KILLS);
        try {
            awaitUp(new Http(port), agent);
            Http http = new Http(port, token).loggedIn("anna", "1111", 10_000);
            settleInDoubt(http, sent);
            for (Map.Entry<String, Sent> e : sent.entrySet()) {
                Http.Response again = http.post("/api/v1/sales", e.getValue().body(), e.getKey());
                assertThat(again.status()).isEqualTo(201);
                assertThat(again.json().get("id").asText()).isEqualTo(e.getValue().saleId());
                assertThat(http.get("/api/v1/sales/" + e.getValue().saleId()).status()).isEqualTo(200);
            }
        } finally {
            agent.destroy();
            assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(sent).hasSizeGreaterThan(KILLS);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("journal.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM sales")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(sent.size());
            assertThat(rs.getLong(2)).isEqualTo(sent.size());
        }
        Process verify = new ProcessBuilder(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "com.wkpos.edge.agent.boot.Main", "journal", "verify",
                "--state-dir", state.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("verify.log").toFile()).start();
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(verify.exitValue()).as(Files.readString(dir.resolve("verify.log"))).isZero();
        assertThat(Files.readString(dir.resolve("verify.log"))).contains("journal OK");
    }

    /** Rings sales until stopped; a sale whose answer was lost stays in doubt (saleId null) for a retry. */
    private static Void ring(Http http, Map<String, Sent> sent, AtomicBoolean stop, Random random) {
        String[] skus = {"COF-250", "BAK-CRO", "COF-500"};
        while (!stop.get()) {
            String key = UUID.randomUUID().toString();
            String body = "{\"lines\":[{\"sku\":\"" + skus[random.nextInt(skus.length)] + "\",\"qty\":"
                    + (1 + random.nextInt(3)) + "}],\"payments\":[{\"method\":\"CASH\",\"amount\":10000}]}";
            sent.put(key, new Sent(body, null));
            try {
                Http.Response r = http.post("/api/v1/sales", body, key);
                if (r.status() == 201) {
                    sent.put(key, new Sent(body, r.json().get("id").asText()));
                } else if (r.status() < 500) {
                    throw new AssertionError("sale refused: " + r.status() + " " + r.body());
                }
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Retries every sale whose answer was lost, with its key: it is committed now, or exactly once now. */
    private static void settleInDoubt(Http http, Map<String, Sent> sent) throws Exception {
        for (Map.Entry<String, Sent> e : sent.entrySet()) {
            Sent s = e.getValue();
            Http.Response r = http.post("/api/v1/sales", s.body(), e.getKey());
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            String id = r.json().get("id").asText();
            if (s.saleId() != null) {
                assertThat(id).as("key %s acknowledged before the crash", e.getKey()).isEqualTo(s.saleId());
            }
            sent.put(e.getKey(), new Sent(s.body(), id));
        }
    }

    private Process startAgent(Path state, int port, int round) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "com.wkpos.edge.agent.boot.Main", "agent",
                "--state-dir", state.toString(), "--listen", "127.0.0.1:" + port, "--plain-http", "--demo-catalog", "--demo-till"));
        command.addAll(license.args());
        return new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent-" + round + ".log").toFile()).start();
    }

    private static void awaitUp(Http http, Process agent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(agent.isAlive()).as("agent exited with %s", agent.isAlive() ? "" : agent.exitValue()).isTrue();
            try {
                if (http.get("/api/v1/health").status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                agent.waitFor(50, TimeUnit.MILLISECONDS);
            }
        }
        throw new AssertionError("agent did not come up within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}

package com.wkpos.edge.agent.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.boot.RunFile;
import com.wkpos.edge.agent.journal.Journal;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Support bundles of a box with planted secrets: everything support needs is in, no secret is. */
class SupportBundleIT {
    private static final String JWS = "eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJsaWMtNDIifQ.c2lnbmF0dXJlLWJ5dGVz";
    private static final List<String> SECRETS = List.of("ENROLL-SECRET-7781", "PINHASH-SECRET-1", "PINHASH-SECRET-2",
            "PW-SECRET-991", "KEYSECRET-PEM", "TOKEN-SECRET-123", "TOKEN-SECRET-LOG", "eyJhbGciOiJFZERTQSJ9",
            "WKP-AB12-CD34-EF56", "CERT-KEY-SECRET");

    @TempDir
    Path dir;
    Path state;
    Path config;

    @BeforeEach
    void plantABoxWithSecrets() throws Exception {
        state = dir.resolve("state");
        Journal.open(state, Clock.systemUTC(), Agent.projections()).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("journal.db"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE sync_state (broker_url TEXT, enroll_token TEXT, acked_seq INTEGER, note TEXT)");
            s.execute("INSERT INTO sync_state VALUES ('mqtts://hq.example:8883', 'ENROLL-SECRET-7781', 12, 'licence "
                    + JWS + "')");
            s.execute("CREATE TABLE users (name TEXT, pin_hash TEXT)");
            s.execute("INSERT INTO users VALUES ('anna', 'PINHASH-SECRET-1')");
        }
        Path etc = Files.createDirectories(dir.resolve("etc"));
        config = etc.resolve("agent.properties");
        Files.writeString(config, "branch.name=Filiale Nord\nlisten=127.0.0.1:" + freePort() + "\nlicense.token=" + JWS
                + "\nzvt.password = PW-SECRET-991\n# serial WKP-AB12-CD34-EF56\n");
        Files.writeString(etc.resolve("device.key"), "-----BEGIN PRIVATE KEY-----\nKEYSECRET-PEM\n-----END PRIVATE KEY-----\n");
        Files.writeString(etc.resolve("box-cert.key"), "CERT-KEY-SECRET");
        Files.writeString(etc.resolve("hq.json"), "{\"brokerUrl\":\"mqtts://hq.example:8883\",\"apiToken\":\"TOKEN-SECRET-123\","
                + "\"till\":{\"pinHash\":\"PINHASH-SECRET-2\",\"pinned\":\"keep\"}}");
        Files.createDirectories(state.resolve("logs"));
        Files.writeString(state.resolve("logs/agent.log"), "12:00 INFO enrolled, token=TOKEN-SECRET-LOG\n"
                + "12:01 INFO licence " + JWS + " accepted\n12:02 WARN printer offline\n");
    }

    @Test
    void offlineBundleHasTheJournalsStateAndNoSecret() throws Exception {
        byte[] journalBefore = sha256(state.resolve("journal.db"));
        Path out = dir.resolve("bundle.zip");
        Run run = run("--state-dir", state.toString(), "--out", out.toString(), "--config", config.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Map<String, String> zip = unzip(out);

        assertThat(zip).containsKeys("README.txt", "versions.txt", "status/offline.json", "sync/sync_state.json",
                "devices/print-queue.json", "config/agent.properties", "config/hq.json", "logs/agent.log");
        assertThat(zip).doesNotContainKeys("config/device.key", "config/box-cert.key", "status/health.json");
        String deviceId = zip.get("status/offline.json").replaceAll("(?s).*\"id\" : \"([0-9a-f-]{36})\".*", "$1");
        assertThat(deviceId).hasSize(36);
        assertThat(zip.get("status/offline.json")).contains("device.initialized", "V001__journal.sql", "\"users\" : 1");
        assertThat(zip.get("sync/sync_state.json")).contains("mqtts://hq.example:8883", "\"acked_seq\" : 12");
        assertThat(zip.get("config/agent.properties")).contains("branch.name=Filiale Nord");
        assertThat(zip.get("config/hq.json")).contains("\"pinned\" : \"keep\"");
        assertThat(zip.get("logs/agent.log")).contains("printer offline");
        assertThat(zip.get("versions.txt")).contains("jvm: ", "os: Linux");
        assertThat(zip.get("README.txt")).contains("left out " + dir.resolve("etc/device.key"), "not reachable");
        assertNoSecret(zip);
        assertThat(sha256(state.resolve("journal.db"))).as("the journal file is untouched").isEqualTo(journalBefore);
    }

    @Test
    void onlineBundleTakesTheRunningAgentsHealth() throws Exception {
        AgentConfig agentConfig = AgentConfig.parse(List.of("--state-dir", state.toString(), "--listen", "127.0.0.1:0",
                "--devices", "sim"));
        try (Agent agent = Agent.start(agentConfig, Clock.systemUTC())) {
            Path out = dir.resolve("online.zip");
            Run run = run("--state-dir", state.toString(), "--out", out.toString(), "--config", config.toString(),
                    "--agent", "https://127.0.0.1:" + agent.port() + "/");
            assertThat(run.exit()).as(run.err()).isZero();
            Map<String, String> zip = unzip(out);
            assertThat(zip.get("status/health.json")).contains(agent.journal().deviceId(), "\"devices\"", "printer");
            assertThat(zip).doesNotContainKey("status/offline.json").containsKey("sync/sync_state.json");
            assertNoSecret(zip);
        }
    }

    @Test
    void aDemoAgentOnPlainHttpIsFoundThroughItsRunFileAndItsLogTakenIn() throws Exception {
        Path demo = dir.resolve("demo");
        Path log = Files.writeString(dir.resolve("nord.log"), "--- 2026-03-01 08:00:00 +0100 demo start ---\n");
        Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "com.wkpos.edge.agent.boot.Main", "demo", "--state-dir", demo.toString(), "--listen", "127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.readString(log).contains("Status page:")) {
                assertThat(agent.isAlive()).as("the demo agent runs:\n%s", Files.readString(log)).isTrue();
                assertThat(System.nanoTime()).as("the demo agent up within 90 s").isLessThan(deadline);
                LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
            RunFile run = RunFile.read(demo).orElseThrow();
            assertThat(run.url().getScheme()).isEqualTo("http");
            assertThat(run.pid()).isEqualTo(agent.pid());
            assertThat(run.log()).contains(log.toRealPath());

            Path out = dir.resolve("live.zip");
            Run live = run("--state-dir", demo.toString(), "--out", out.toString());
            assertThat(live.exit()).as(live.err()).isZero();
            Map<String, String> zip = unzip(out);
            assertThat(zip.get("README.txt")).contains("agent address from " + demo.resolve(RunFile.FILE),
                    "status from the running agent at " + run.url());
            assertThat(zip.get("status/health.json")).contains("\"devices\"", "printer");
            assertThat(zip.get("logs/nord.log")).contains("demo start ---", "Status page:");
        } finally {
            agent.destroy();
            assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }

        Path out = dir.resolve("after.zip");
        Run after = run("--state-dir", demo.toString(), "--out", out.toString());
        assertThat(after.exit()).as(after.err()).isZero();
        Map<String, String> zip = unzip(out);
        assertThat(zip.get("README.txt")).contains("names pid " + agent.pid() + ", which no longer runs", "not reachable");
        assertThat(zip).containsKey("status/offline.json").doesNotContainKey("status/health.json");
        assertThat(zip.get("logs/nord.log")).as("a stopped agent's log is what support needs most")
                .contains("Status page:", "WK Edge stopped cleanly");
    }

    @Test
    void aLongLogIsCutToItsLastTwoMebibytesFromAWholeLineAndRedacted() throws Exception {
        Path log = dir.resolve("agent-output.log");
        StringBuilder text = new StringBuilder("FIRST-LINE of a long log\n");
        while (text.length() < (3 << 20)) {
            text.append("12:00:01 INFO filler line of the agent's log, ü and ß to cut through\n");
        }
        text.append("12:03:00 INFO enrolled, token=TOKEN-SECRET-LOG\n12:03:01 WARN LAST-LINE printer offline\n");
        Files.writeString(log, text);
        Path out = dir.resolve("long.zip");
        Run run = run("--state-dir", state.toString(), "--out", out.toString(), "--log", log.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        String kept = unzip(out).get("logs/agent-output.log");
        assertThat(kept).contains("LAST-LINE printer offline").doesNotContain("FIRST-LINE").startsWith("12:00:01 INFO filler");
        assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(2 << 20)
                .isGreaterThan((2 << 20) - 200);
        assertNoSecret(unzip(out));
    }

    @Test
    void aBrokenRunFileIsNotedAndTheBundleStillWritten() throws Exception {
        Files.writeString(state.resolve(RunFile.FILE), "{\"url\": \"http://127.0.0.1:8080/\"");
        Path out = dir.resolve("broken.zip");
        Run run = run("--state-dir", state.toString(), "--out", out.toString(), "--config", config.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(unzip(out).get("README.txt")).contains("ignored " + state.resolve(RunFile.FILE), "not reachable");
    }

    @Test
    void badOptionsWriteNothing() throws Exception {
        Path out = dir.resolve("never.zip");
        Run unknown = run("--state-dir", state.toString(), "--out", out.toString(), "--secrets", "yes");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown option --secrets");
        Run missing = run("--out", out.toString(), "--config", dir.resolve("nope.properties").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no configuration file");
        Run noLog = run("--state-dir", state.toString(), "--out", out.toString(), "--log", dir.resolve("nope.log").toString());
        assertThat(noLog.exit()).isEqualTo(2);
        assertThat(noLog.err()).contains("no log file " + dir.resolve("nope.log"));
        Run badAgent = run("--state-dir", state.toString(), "--out", out.toString(), "--agent", "127.0.0.1:8080");
        assertThat(badAgent.exit()).isEqualTo(2);
        assertThat(badAgent.err()).contains("--agent must be a URL");
        assertThat(out).doesNotExist();
        assertThat(dir.resolve("never.zip.tmp")).doesNotExist();
    }

    private static void assertNoSecret(Map<String, String> zip) {
        zip.forEach((name, text) -> {
            for (String secret : SECRETS) {
                assertThat(text).as("%s carries %s", name, secret).doesNotContain(secret);
            }
        });
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = SupportBundle.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC(), "test");
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Map<String, String> unzip(Path file) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                entries.put(e.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

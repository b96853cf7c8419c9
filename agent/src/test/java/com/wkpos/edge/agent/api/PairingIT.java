package com.wkpos.edge.agent.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.agent.FakeClock;
import com.wkpos.edge.agent.Http;
import com.wkpos.edge.agent.TestLicense;
import com.wkpos.edge.agent.boot.Agent;
import com.wkpos.edge.agent.boot.AgentConfig;
import com.wkpos.edge.agent.journal.JournalVerifier;
import com.wkpos.edge.agent.tls.BoxCertificate;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Screens pair for real over HTTPS: a code is good once for five minutes, five misses lock pairing,
 * every other {@code /api/v1} call needs the token, managers revoke screens, and each of these is
 * journaled (so {@code journal verify} replays the screens table).
 */
class PairingIT {
    static final String SALE = "{\"lines\":[{\"sku\":\"COF-250\",\"qty\":1}],"
            + "\"payments\":[{\"method\":\"CASH\",\"amount\":1000}]}";

    @TempDir
    Path dir;
    private final FakeClock clock = new FakeClock(Instant.now());
    private Agent agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Http start(String... extra) {
        TestLicense license = new TestLicense(dir);
        license.installFor(state());
        List<String> args = new ArrayList<>(license.with(List.of("--state-dir", state().toString(), "--listen",
                "127.0.0.1:0", "--demo-catalog", "--demo-till")));
        args.addAll(List.of(extra));
        agent = Agent.start(AgentConfig.parse(args), clock, clock::nanos);
        return Http.unpaired(agent);
    }

    private static void assertProblem(Http.Response r, int status, String type) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("type").asText()).isEqualTo("urn:wk-edge:problem:" + type);
    }

    private long sales() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state().resolve("journal.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sales")) {
            return rs.getLong(1);
        }
    }

    private List<String> audit(String action) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state().resolve("journal.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT actor || ' ' || detail FROM audit WHERE action = '"
                     + action + "' ORDER BY seq")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String pairBody(String code) {
        return "{\"code\":\"" + code + "\",\"name\":\"Till 1\"}";
    }

    @Test
    void aSaleFromAnUnpairedScreenIs401AndSellsNothing() throws Exception {
        Http anonymous = start();
        long before = sales();
        Http.Response r = anonymous.post("/api/v1/sales", SALE, UUID.randomUUID().toString());
        assertProblem(r, 401, "unauthorized");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wk-edge\"");
        assertProblem(anonymous.withToken("wks_forged").post("/api/v1/sales", SALE, UUID.randomUUID().toString()),
                401, "unauthorized");
        assertProblem(anonymous.get("/api/v1/products?q=coffee"), 401, "unauthorized");
        assertThat(sales()).isEqualTo(before);
        assertThat(anonymous.get("/api/v1/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/api/v1/openapi.json").json().at("/components/securitySchemes/screenToken/scheme")
                .asText()).isEqualTo("bearer");
    }

    @Test
    void aCodePairsOnceAndTheTokenSells() throws Exception {
        Http anonymous = start();
        String code = agent.pairing().issueCode("test").code();
        Http.Response paired = anonymous.post("/api/v1/pairing", "{\"code\":\"" + code.substring(0, 3) + " "
                + code.substring(3) + "\",\"name\":\"Till 1\"}", null);
        assertThat(paired.status()).as(paired.body()).isEqualTo(201);
        JsonNode body = paired.json();
        assertThat(body.get("tlsFingerprint").asText()).isEqualTo(agent.certificate().fingerprint());
        assertThat(body.get("deviceId").asText()).isEqualTo(agent.journal().deviceId());
        Http screen = anonymous.withToken(body.get("token").asText());
        assertThat(screen.loggedIn("anna", "1111", 0).post("/api/v1/sales", SALE, UUID.randomUUID().toString())
                .status()).isEqualTo(201);

        Http.Response again = anonymous.post("/api/v1/pairing", pairBody(code), null);
        assertProblem(again, 401, "pairing-code-rejected");
        assertThat(again.json().get("detail").asText()).contains("already used");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state().resolve("journal.db"));
             ResultSet rs = c.createStatement().executeQuery("SELECT token_sha256 FROM screens")) {
            assertThat(rs.getString(1)).matches("[0-9a-f]{64}").doesNotContain(body.get("token").asText());
        }
        assertThat(audit("screen.paired")).singleElement().asString().contains("name=Till 1");
    }

    @Test
    void anExpiredCodeIsRejected() throws Exception {
        Http anonymous = start();
        String code = agent.pairing().issueCode("test").code();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        Http.Response r = anonymous.post("/api/v1/pairing", pairBody(code), null);
        assertProblem(r, 401, "pairing-code-rejected");
        assertThat(r.json().get("detail").asText()).contains("expired");
        assertThat(agent.pairing().screens()).isEmpty();
    }

    @Test
    void fiveMissesLockPairingForFifteenMinutesEvenForTheRightCode() throws Exception {
        Http anonymous = start();
        String good = agent.pairing().issueCode("test").code();
        String wrong = good.equals("000000") ? "111111" : "000000";
        for (int i = 1; i < 5; i++) {
            Http.Response miss = anonymous.post("/api/v1/pairing", pairBody(wrong), null);
            assertProblem(miss, 401, "pairing-code-rejected");
            assertThat(miss.json().get("detail").asText()).contains((5 - i) + " tries left");
        }
        assertProblem(anonymous.post("/api/v1/pairing", pairBody(wrong), null), 423, "pairing-locked");
        assertProblem(anonymous.post("/api/v1/pairing", pairBody(good), null), 423, "pairing-locked");
        assertThat(anonymous.get("/api/v1/health").json().at("/pairing/locked").asBoolean()).isTrue();
        assertThat(agent.pairing().screens()).isEmpty();
        List<String> failures = audit("pairing.failed");
        assertThat(failures).hasSize(5);
        assertThat(failures.getLast()).contains("misses=5", "locked until");

        clock.advance(Duration.ofMinutes(15));
        String fresh = agent.pairing().issueCode("test").code();
        assertThat(anonymous.post("/api/v1/pairing", pairBody(fresh), null).status()).isEqualTo(201);
    }

    @Test
    void aManagerRevokesAScreenWhoseTokenIsRefusedFromThenOn() throws Exception {
        Http anonymous = start();
        Http till = anonymous.withToken(anonymous.pair(agent.pairing().issueCode("test").code(), "Till 1"));
        Http lost = anonymous.withToken(anonymous.pair(agent.pairing().issueCode("test").code(), "Lost tablet"));
        String lostId = agent.pairing().authenticate(lost.token()).orElseThrow().id();
        String cashier = login(till, "anna", "1111");
        String manager = login(till, "maria", "9999");

        assertProblem(till.send(till.request("/api/v1/screens").header("X-WK-Staff", cashier).GET()), 403,
                "manager-required");
        assertProblem(till.get("/api/v1/screens"), 401, "login-required");
        JsonNode list = till.send(till.request("/api/v1/screens").header("X-WK-Staff", manager).GET()).json();
        assertThat(list.get("screens")).extracting(s -> s.get("name").asText()).containsExactlyInAnyOrder("Till 1", "Lost tablet");

        Http.Response revoked = till.send(till.request("/api/v1/screens/" + lostId).header("X-WK-Staff", manager).DELETE());
        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.json().get("revokedBy").asText()).isEqualTo("staff:maria");
        assertProblem(lost.post("/api/v1/sales", SALE, UUID.randomUUID().toString()), 401, "screen-revoked");
        assertProblem(till.send(till.request("/api/v1/screens/" + lostId).header("X-WK-Staff", manager).DELETE()), 409,
                "screen-already-revoked");
        assertThat(till.loggedIn("anna", "1111", 0).post("/api/v1/sales", SALE, UUID.randomUUID().toString())
                .status()).isEqualTo(201);
        assertThat(audit("screen.revoked")).singleElement().asString().startsWith("staff:maria");

        agent.close();
        agent = null;
        JournalVerifier.Report report = Agent.verifier().verify(state());
        assertThat(report.findings()).isEmpty();
        start();
        assertThat(agent.pairing().authenticate(lost.token()).orElseThrow().revoked()).as("survives a restart").isTrue();
        assertThat(agent.pairing().authenticate(till.token()).orElseThrow().revoked()).isFalse();
    }

    private static String login(Http http, String staffId, String pin) throws Exception {
        Http.Response r = http.post("/api/v1/staff/login", "{\"staffId\":\"" + staffId + "\",\"pin\":\"" + pin + "\"}", null);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("token").asText();
    }

    @Test
    void theCliHandsARunningAgentAFreshCode() throws Exception {
        Http anonymous = start();
        Process cli = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "com.wkpos.edge.agent.boot.Main", "agent", "pairing-code", "--state-dir", state().toString())
                .redirectError(dir.resolve("cli.err").toFile()).start();
        String code = new String(cli.getInputStream().readAllBytes()).strip();
        assertThat(cli.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as(Files.readString(dir.resolve("cli.err"))).isZero();
        assertThat(code).matches("\\d{6}");
        assertThat(Files.readString(dir.resolve("cli.err"))).contains("good once");
        try (var inbox = Files.list(state().resolve("pairing/inbox"))) {
            assertThat(inbox.toList()).allSatisfy(f -> assertThat(Files.getPosixFilePermissions(f))
                    .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE));
        }
        assertThat(anonymous.post("/api/v1/pairing", pairBody(code), null).status()).isEqualTo(201);
        assertThat(audit("pairing.code-issued")).anySatisfy(a -> assertThat(a).startsWith("cli:"));
        try (var inbox = Files.list(state().resolve("pairing/inbox"))) {
            assertThat(inbox.toList()).as("taken and deleted").isEmpty();
        }

        Process wrongDir = new ProcessBuilder(java(), "-cp", System.getProperty("java.class.path"),
                "com.wkpos.edge.agent.boot.Main", "agent", "pairing-code", "--state-dir", dir.resolve("nope").toString())
                .redirectErrorStream(true).start();
        String said = new String(wrongDir.getInputStream().readAllBytes());
        assertThat(wrongDir.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(wrongDir.exitValue()).isEqualTo(2);
        assertThat(said).contains("no agent state");
    }

    @Test
    void httpsPresentsTheBoxCertificateWhoseFingerprintHealthShows() throws Exception {
        Http anonymous = start();
        HttpResponse<String> r = anonymous.client().send(anonymous.request("/api/v1/health").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        X509Certificate presented = (X509Certificate) r.sslSession().orElseThrow().getPeerCertificates()[0];
        JsonNode tls = Http.JSON.readTree(r.body()).get("tls");
        assertThat(tls.get("enabled").asBoolean()).isTrue();
        assertThat(tls.get("fingerprint").asText()).isEqualTo(BoxCertificate.fingerprint(presented))
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(BoxCertificate.readCertificate(state())).isEqualTo(presented);
        assertThat(Files.getPosixFilePermissions(state().resolve("tls/box.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        try {
            int status = new Http(agent.port()).get("/api/v1/health").status();
            assertThat(status).as("plain HTTP on the TLS port").isEqualTo(400);
        } catch (java.io.IOException expected) {
            // Jetty may also just close the connection: either way no plain answer
        }
        String fingerprint = agent.certificate().fingerprint();
        agent.close();
        start();
        assertThat(agent.certificate().fingerprint()).as("the same certificate after a restart").isEqualTo(fingerprint);
    }

    @Test
    void theStatusPageGivesACodeOnlyOnTheBoxItself() throws Exception {
        Http anonymous = start();
        Http.Response page = anonymous.send(anonymous.request("/pairing").POST(java.net.http.HttpRequest.BodyPublishers
                .noBody()));
        assertThat(page.status()).isEqualTo(200);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("class=\"code\">(\\d{3}) (\\d{3})<").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        assertThat(anonymous.post("/api/v1/pairing", pairBody(m.group(1) + m.group(2)), null).status()).isEqualTo(201);
        assertThat(audit("pairing.code-issued")).singleElement().asString().startsWith("status-page");
    }

    @Test
    void theEventsSocketNeedsATokenAndABrowserAnAllowedOrigin() throws Exception {
        Http anonymous = start("--allowed-origins", "https://pos.example.com");
        Http screen = anonymous.withToken(anonymous.pair(agent.pairing().issueCode("test").code(), "Till 1"));
        URI events = screen.wsUri("/api/v1/events");
        assertThat(handshake(screen, events, null, null)).as("no token").isEqualTo(401);
        assertThat(handshake(screen, events, "https://evil.example", screen.token())).as("foreign origin").isEqualTo(403);
        assertThat(handshake(screen, URI.create(events + "?access_token=" + screen.token()), "https://pos.example.com",
                null)).as("allowed origin, token as query parameter").isEqualTo(101);
        assertThat(handshake(screen, events, null, screen.token())).as("no Origin: not a browser").isEqualTo(101);
        String self = events.toString().replaceFirst("^wss", "https").replace("/api/v1/events", "");
        assertThat(handshake(screen, events, self, screen.token())).as("the box's own pages").isEqualTo(101);
        agent.pairing().revoke(agent.pairing().authenticate(screen.token()).orElseThrow().id(), "staff:maria");
        assertThat(handshake(screen, events, null, screen.token())).as("revoked").isEqualTo(401);
    }

    /** The handshake's status: 101 when the socket opened (it is closed again at once). */
    private static int handshake(Http http, URI uri, String origin, String token) throws Exception {
        WebSocket.Builder b = http.client().newWebSocketBuilder();
        if (origin != null) {
            b.header("Origin", origin);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            WebSocket ws = b.buildAsync(uri, new WebSocket.Listener() { }).get(10, TimeUnit.SECONDS);
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                return h.getResponse().statusCode();
            }
            throw e;
        }
    }

    @Test
    void aManagerPrintsACodeSlipThatPairsTheNextScreen() throws Exception {
        Http anonymous = start("--devices", "sim");
        Http till = anonymous.withToken(anonymous.pair(agent.pairing().issueCode("test").code(), "Till 1"));
        String cashier = login(till, "anna", "1111");
        Http.Response refused = till.send(till.request("/api/v1/pairing/slip").header("X-WK-Staff", cashier)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertProblem(refused, 403, "manager-required");
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (agent.devices().printer().isEmpty()) {
            assertThat(System.nanoTime()).as("printer up within 15 s").isLessThan(deadline);
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        Http.Response printed = till.send(till.request("/api/v1/pairing/slip").header("X-WK-Staff",
                login(till, "maria", "9999")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertThat(printed.status()).as(printed.body()).isEqualTo(202);
        assertThat(printed.body()).doesNotContainPattern("\\d{3} \\d{3}");
        List<String> slips = agent.drivers().printerSimulator().awaitReceipts(1, Duration.ofSeconds(15));
        assertThat(slips).hasSize(1);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{3}) (\\d{3})").matcher(slips.getFirst());
        assertThat(m.find()).as(slips.getFirst()).isTrue();
        assertThat(slips.getFirst()).contains(agent.certificate().fingerprint().substring(0, 47));
        assertThat(anonymous.post("/api/v1/pairing", pairBody(m.group(1) + m.group(2)), null).status()).isEqualTo(201);
        assertThat(audit("pairing.code-issued")).anySatisfy(a -> assertThat(a).startsWith("staff:maria"));
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

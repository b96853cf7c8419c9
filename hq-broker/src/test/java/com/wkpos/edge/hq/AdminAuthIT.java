package com.wkpos.edge.hq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.wkpos.edge.protocol.Downstream;
import com.wkpos.edge.protocol.SyncCodec;
import com.wkpos.edge.provisioning.crypto.PinHash;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HQ's admin API behind its token, over real HTTP on a random loopback port. The routes are taken from
 * the running server, so a route added later without protection fails {@link #everyAdminRouteRefusesAMissingOrWrongToken}.
 */
class AdminAuthIT {
    private static final Set<String> OPEN = Set.of("GET /api/v1/health", "GET /metrics", "POST /enroll",
            "GET /admin/enroll/crl", "GET /admin/license/keys", "GET /api/v1/keys/signing", "POST /retail/webhook");
    /** The console's page, script and style: no data in them, the page asks for the token. */
    private static final Set<String> CONSOLE = Set.of("GET /", "GET /console/{file}");
    @TempDir
    static Path dir;
    private static Hq hq;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        hq = Hq.start(HqConfig.parse(List.of("--state-dir", dir.resolve("hq").toString(), "--listen", "127.0.0.1:0",
                "--mqtt-listen", "127.0.0.1:0", "--tenant", "acme")), Clock.systemUTC(), List.of());
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        hq.close();
        http.close();
    }

    @Test
    void everyAdminRouteRefusesAMissingOrWrongToken() throws Exception {
        List<String> admin = hq.endpoints().stream().filter(e -> !OPEN.contains(e) && !CONSOLE.contains(e)).toList();
        assertThat(admin).as("the admin routes HQ registers").contains("POST /api/v1/prices", "POST /api/v1/catalog",
                "PUT /api/v1/sections/{section}", "GET /api/v1/branches", "POST /admin/license/serials",
                "POST /admin/license/renew", "POST /admin/enroll/tokens", "POST /admin/enroll/devices/{device}/revoke");
        long versionBefore = health().path("downstreamVersion").asLong();
        String token = hq.adminToken().value();
        List<String> wrong = new ArrayList<>(List.of("", "Bearer", "Bearer ", "Bearer wrong", "Basic " + token,
                "Bearer " + token + "x", "Bearer " + token.substring(1)));
        SoftAssertions soft = new SoftAssertions();
        for (String endpoint : admin) {
            for (String authorization : wrong) {
                HttpResponse<String> r = send(endpoint, authorization, "{}");
                soft.assertThat(r.statusCode()).as(endpoint + " with '" + authorization + "'").isEqualTo(401);
                soft.assertThat(r.headers().firstValue("Content-Type")).as(endpoint).hasValue(HqServer.PROBLEM);
                soft.assertThat(r.headers().firstValue("WWW-Authenticate")).as(endpoint).hasValueSatisfying(
                        v -> assertThat(v).startsWith("Bearer"));
                soft.assertThat(SyncCodec.MAPPER.readTree(r.body()).path("type").asText()).as(endpoint)
                        .isEqualTo("urn:wk-edge:problem:unauthorized");
                soft.assertThat(r.body()).as(endpoint).doesNotContain(token);
            }
        }
        soft.assertAll();
        assertThat(send("GET /api/v1/no-such-thing", "", null).statusCode()).as("unknown paths reveal nothing").isEqualTo(401);
        assertThat(health().path("downstreamVersion").asLong()).as("nothing was published").isEqualTo(versionBefore);
        assertThat(hq.enrollment().devices()).as("no device was enrolled").isEmpty();
    }

    @Test
    void theRightTokenReachesEveryAdminRoute() throws Exception {
        for (String endpoint : hq.endpoints().stream().filter(e -> !OPEN.contains(e) && !CONSOLE.contains(e)).toList()) {
            HttpResponse<String> r = send(endpoint, "Bearer " + hq.adminToken().value(), "{}");
            assertThat(r.statusCode()).as(endpoint + ": " + r.body()).isNotEqualTo(401).isLessThan(500);
        }
        assertThat(send("GET /api/v1/branches", "bearer  " + hq.adminToken().value(), null).statusCode())
                .as("the scheme is case-insensitive").isEqualTo(200);
    }

    @Test
    void probesAndBoxesReachTheOpenRoutesWithoutTheToken() throws Exception {
        assertThat(HqServer.OPEN).isEqualTo(OPEN);
        assertThat(hq.endpoints()).as("every open route exists").containsAll(OPEN);
        for (String endpoint : OPEN) {
            int status = send(endpoint, "", "{}").statusCode();
            // the webhook's own signature check decides; this HQ runs without a web-shop connector
            assertThat(status).as(endpoint).isEqualTo(endpoint.equals("POST /enroll") ? 400
                    : endpoint.equals("POST /retail/webhook") ? 404 : 200);
        }
        assertThat(send("GET /api/v1/health/", "", null).statusCode()).as("open means this exact path").isEqualTo(401);
    }

    @Test
    void theConsolePageScriptAndStyleNeedNoTokenAndOnlyThoseFilesAreServed() throws Exception {
        assertThat(hq.endpoints()).containsAll(CONSOLE);
        HttpResponse<String> page = send("GET /", "", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
                .contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe-inline"));
        assertThat(page.body()).contains("<script src=\"/console/console.js\"", "admin token")
                .doesNotContain(hq.adminToken().value());
        assertThat(send("GET /console/console.js", "", null).statusCode()).isEqualTo(200);
        assertThat(send("GET /console/console.css", "", null).statusCode()).isEqualTo(200);
        assertThat(send("GET /console/index.html", "", null).statusCode()).as("only the listed files").isEqualTo(404);
        assertThat(send("GET /console/..%2Fhq.db", "", null).statusCode()).isIn(400, 404);
        assertThat(send("POST /", "", "{}").statusCode()).as("only GET is open").isEqualTo(401);
    }

    @Test
    void usersGetTheirPinHashedByHqAndBadOnesChangeNothing() throws Exception {
        String auth = "Bearer " + hq.adminToken().value();
        assertThat(send("PUT /api/v1/users", auth, "[{\"id\":\"kim\",\"name\":\"Kim\",\"role\":\"CASHIER\","
                + "\"pin\":\"1357\"}]").statusCode()).isEqualTo(201);
        String before = send("GET /api/v1/users", auth, null).body();
        assertThat(before).contains("\"kim\"", "\"Kim\"").doesNotContain("pinHash", "1357");
        long version = health().path("downstreamVersion").asLong();
        Map<String, String> bad = Map.of(
                "[{\"id\":\"kim\",\"name\":\"Kim\",\"role\":\"CASHIER\",\"pin\":\"12\"}]", "a PIN is 4-12 digits",
                "[{\"id\":\"new\",\"name\":\"New\",\"role\":\"CASHIER\"}]", "is a new user and needs a pin",
                "[{\"id\":\"kim\",\"name\":\"Kim\",\"role\":\"BOSS\"}]", "role must be one of",
                "{\"id\":\"kim\"}", "users must be a JSON array");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            HttpResponse<String> r = send("PUT /api/v1/users", auth, b.getKey());
            assertThat(r.statusCode()).as(b.getKey()).isEqualTo(422);
            assertThat(SyncCodec.MAPPER.readTree(r.body()).path("detail").asText()).as(b.getKey()).contains(b.getValue());
        }
        assertThat(health().path("downstreamVersion").asLong()).as("nothing was published").isEqualTo(version);
        assertThat(send("PUT /api/v1/users", auth, "[{\"id\":\"kim\",\"name\":\"Kim K.\",\"role\":\"MANAGER\"}]")
                .statusCode()).as("a known user keeps the PIN").isEqualTo(201);
        JsonNode kim = hq.downstreams().section("acme", Downstream.USERS).orElseThrow().get(0);
        assertThat(kim.path("role").asText()).isEqualTo("MANAGER");
        assertThat(PinHash.matches("1357", kim.path("pinHash").asText())).isTrue();
    }

    @Test
    void theTokenIsMadeOnceOwnerOnlyAndAnExposedOneStopsHq() throws Exception {
        Path file = dir.resolve("hq").resolve(AdminToken.FILE);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(file).strip()).isEqualTo(hq.adminToken().value()).hasSizeGreaterThanOrEqualTo(43);
        assertThat(hq.adminToken().toString()).doesNotContain(hq.adminToken().value());
        assertThat(AdminToken.loadOrCreate(dir.resolve("hq")).value()).as("kept across restarts")
                .isEqualTo(hq.adminToken().value());
        assertThat(AdminToken.loadOrCreate(dir.resolve("other")).value()).as("each HQ its own")
                .isNotEqualTo(hq.adminToken().value());

        Path exposed = dir.resolve("exposed");
        AdminToken.loadOrCreate(exposed);
        Files.setPosixFilePermissions(exposed.resolve(AdminToken.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AdminToken.loadOrCreate(exposed))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("readable by others");
    }

    @Test
    void theHqCommandsSendTheToken() throws Exception {
        String url = "http://127.0.0.1:" + hq.port();
        String state = dir.resolve("hq").toString();
        Path rates = Files.writeString(dir.resolve("rates.json"), "[{\"currency\":\"CHF\",\"rate\":\"1.10\"}]");
        assertThat(cli("rates", "set", rates.toString(), "--hq", url, "--hq-state-dir", state)).isZero();
        assertThat(cli("tenant", "register", "globex", "--hq", url, "--hq-state-dir", state)).isZero();
        assertThat(cli("branches", "--hq", url, "--hq-state-dir", state)).isZero();
        Path tokenFile = Files.writeString(dir.resolve("token"), hq.adminToken().value() + "\n");
        assertThat(cli("branches", "--json", "--hq", url, "--hq-token-file", tokenFile.toString())).isZero();

        Path wrong = Files.writeString(dir.resolve("wrong"), "A".repeat(43));
        assertThat(cli("rates", "set", rates.toString(), "--hq", url, "--hq-token-file", wrong.toString())).isEqualTo(1);
        assertThat(err).contains("HQ refused (401)");
        assertThat(cli("branches", "--hq", url, "--hq-token-file", dir.resolve("missing").toString())).isEqualTo(2);
        assertThat(err).contains("admin token");
    }

    private String err;

    private int cli(String... args) {
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code = HqMain.run(List.of(args), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        err = e.toString(StandardCharsets.UTF_8);
        return code;
    }

    private JsonNode health() throws Exception {
        return SyncCodec.MAPPER.readTree(send("GET /api/v1/health", "", null).body());
    }

    /** {@code endpoint} is "METHOD /path/{param}"; path parameters get a harmless sample value. */
    private static HttpResponse<String> send(String endpoint, String authorization, String body) throws Exception {
        String[] mp = endpoint.split(" ", 2);
        String path = mp[1].replaceAll("\\{[^}]+}", "sample1").replaceAll("<[^>]+>", "sample1");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hq.port() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .method(mp[0], body == null || mp[0].equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (!authorization.isEmpty()) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
